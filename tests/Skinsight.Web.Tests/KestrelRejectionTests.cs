using System.Net.Sockets;
using System.Text;
using Skinsight.Testing;

namespace Skinsight.Web.Tests;

/// <summary>
/// Requests that Kestrel rejects while it parses the request line, before any middleware runs, so their
/// responses have no ProblemDetails body and no security headers. docs/security.md names them. When a Kestrel
/// update lets one of them reach the app, the test fails and the document needs updating.
/// </summary>
public class KestrelRejectionTests
{
    public static TheoryData<string, int> Targets => new()
    {
        { "/api/products/%00", 400 },
        { "/api/products/a%00b", 400 },
        { "/api/products/x?q=" + new string('a', 9_000), 414 },
        { "/api/products/x?q=" + new string('a', 100_000), 414 },
    };

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task RequestLine_Rejected_AnsweredByKestrelWithoutBody(string target, int status)
    {
        using var folder = new TempFolder();
        await using var app = await RealServer.StartAsync(folder);

        string response = await SendRawAsync(new Uri(app.Urls.First()), target);

        string[] head = response.Split("\r\n\r\n")[0].Split("\r\n");
        Assert.StartsWith($"HTTP/1.1 {status} ", head[0], StringComparison.Ordinal);
        Assert.Contains("Content-Length: 0", head);
        Assert.DoesNotContain(head, line => line.StartsWith("Content-Security-Policy:", StringComparison.OrdinalIgnoreCase));
    }

    // HttpClient would check and escape the target, so the request line is written by hand.
    private static async Task<string> SendRawAsync(Uri server, string target)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        await using var stream = tcp.GetStream();
        string request = $"GET {target} HTTP/1.1\r\nHost: {server.Authority}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadToEndAsync();
    }
}
