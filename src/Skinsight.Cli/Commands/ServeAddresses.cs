using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Skinsight.Cli.Infrastructure;

namespace Skinsight.Cli.Commands;

/// <summary>
/// Checks before the web host starts that no other program listens on the addresses in <c>--urls</c>. Kestrel
/// reports a taken port only after the host has started its workers, and the host logs it with a stack trace.
/// </summary>
internal static class ServeAddresses
{
    /// <exception cref="CliException">Another program already listens on one of the addresses.</exception>
    public static void ThrowIfInUse(string urls)
    {
        foreach (string url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var address = BindingAddress.Parse(url);
            if (address.IsUnixPipe || address.Port == 0)
            {
                continue;
            }

            if (IsInUse(EndPointOf(address)))
            {
                throw InUse(url, address.Port);
            }
        }
    }

    /// <summary>Returns the error for a listen address that another program holds, naming the address and the fix.</summary>
    /// <param name="port">The taken port, to suggest the next one; null when it is not known.</param>
    public static CliException InUse(string url, int? port = null)
    {
        string example = port is > 0 and < IPEndPoint.MaxPort ? $"http://127.0.0.1:{port + 1}" : "http://127.0.0.1:5081";
        return new CliException($"The address {url} is already in use by another program; stop that program or "
            + $"pass another address, such as --urls {example}.");
    }

    // Kestrel binds a literal IP address as given, 'localhost' to the loopback address, and any other host
    // name, '*' or '+' to every address.
    private static IPEndPoint EndPointOf(BindingAddress address)
    {
        string host = address.Host.Trim('[', ']');
        IPAddress ip = IPAddress.TryParse(host, out var literal) ? literal
            : string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
            : IPAddress.Any;
        return new IPEndPoint(ip, address.Port);
    }

    private static bool IsInUse(IPEndPoint endPoint)
    {
        var listener = new TcpListener(endPoint);
        try
        {
            listener.Start();
            return false;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return true;
        }
        catch (SocketException)
        {
            // Any other failure, such as a port below 1024 without permission, is left for Kestrel to report.
            return false;
        }
        finally
        {
            listener.Stop();
        }
    }
}
