using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Skinsight.Web.Hosting;

namespace Skinsight.Web.Tests;

/// <summary>
/// Writes an account, a check-in and an overlay with known values through the web app, then scans the database
/// files and the overlay folder for those values in clear.
/// </summary>
public class PlaintextScanTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    private const string HandleMarker = "scan-handle-x7q2p9";
    private const double ReadingMarker = 37.918273;
    private static readonly byte[] s_overlayMarker = Encoding.ASCII.GetBytes("OVERLAY-MARKER-Gh5Wq3");

    [Fact]
    public async Task WebApp_PersonalValues_LeaveNoPlaintextOnDisk()
    {
        using var client = app.CreateClient();
        var signUp = await client.PostAsJsonAsync("/api/account/signup", new { handle = HandleMarker, password = WebAppFixture.Password });
        var consent = await client.PutAsJsonAsync("/api/consents/analysis", new { textVersion = Application.Privacy.ConsentTexts.Parse("analysis").Version });
        var checkIn = await client.PostAsJsonAsync("/api/checkins", new
        {
            time = new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero),
            readings = new[] { new { kind = "hydration", value = ReadingMarker, unit = "AU" } },
        });
        using var account = JsonDocument.Parse(await client.GetStringAsync("/api/account"));
        var personId = account.RootElement.GetProperty("personId").GetGuid();
        var overlays = app.App.Services.GetRequiredService<OverlayStore>();
        var (token, scratch) = overlays.CreateFolder(personId);
        byte[] png = [0x89, 0x50, 0x4E, 0x47, .. s_overlayMarker];
        await File.WriteAllBytesAsync(Path.Combine(scratch, "redness.png"), png);
        int sealedFiles = overlays.Seal(token, personId);

        // Read back first, so the scan below cannot pass because the values were lost.
        var overlay = await client.GetAsync($"/api/overlays/{token}/redness.png");
        string checkIns = await client.GetStringAsync("/api/checkins");
        var walHits = FindMarkers([app.DatabasePath + "-wal"]);
        SqliteConnection.ClearAllPools();
        var databaseHits = FindMarkers([app.DatabasePath]);
        var overlayHits = FindMarkers(Directory.EnumerateFiles(overlays.Root, "*", SearchOption.AllDirectories));

        Assert.Equal(HttpStatusCode.Created, signUp.StatusCode);
        Assert.True(consent.IsSuccessStatusCode, await consent.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, checkIn.StatusCode);
        Assert.Equal(HandleMarker, account.RootElement.GetProperty("handle").GetString());
        Assert.Contains("37.918273", checkIns, StringComparison.Ordinal);
        Assert.Equal(1, sealedFiles);
        Assert.False(Directory.Exists(scratch));
        Assert.Equal(HttpStatusCode.OK, overlay.StatusCode);
        Assert.Equal(png, await overlay.Content.ReadAsByteArrayAsync());
        Assert.Empty(walHits);
        Assert.Empty(databaseHits);
        Assert.Empty(overlayHits);
    }

    [Fact]
    public async Task Overlay_SealedFileChanged_IsNotServed()
    {
        var (client, _) = await app.SignUpAsync();
        using var account = JsonDocument.Parse(await client.GetStringAsync("/api/account"));
        var personId = account.RootElement.GetProperty("personId").GetGuid();
        var overlays = app.App.Services.GetRequiredService<OverlayStore>();
        var (token, scratch) = overlays.CreateFolder(personId);
        await File.WriteAllBytesAsync(Path.Combine(scratch, "redness.png"), [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);
        overlays.Seal(token, personId);
        string path = Path.Combine(overlays.Root, token, "redness.png");
        byte[] stored = await File.ReadAllBytesAsync(path);
        stored[^1] ^= 0xFF;
        await File.WriteAllBytesAsync(path, stored);

        var response = await client.GetAsync($"/api/overlays/{token}/redness.png");

        Assert.False(response.IsSuccessStatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Lists each occurrence of a marker, as UTF-8 text or raw bytes, in the files that exist.</summary>
    private static List<string> FindMarkers(IEnumerable<string> paths)
    {
        (string Name, byte[] Bytes)[] markers =
        [
            ("overlay", s_overlayMarker),
            ("handle", Encoding.UTF8.GetBytes(HandleMarker)),
            ("normalized handle", Encoding.UTF8.GetBytes(HandleMarker.ToUpperInvariant())),
            ("reading as text", Encoding.UTF8.GetBytes("37.918273")),
            ("reading as big-endian double", DoubleBytes(bigEndian: true)),
            ("reading as little-endian double", DoubleBytes(bigEndian: false)),
        ];
        var hits = new List<string>();
        foreach (string path in paths.Where(File.Exists))
        {
            byte[] content = File.ReadAllBytes(path);
            foreach (var (name, bytes) in markers)
            {
                for (int at = content.AsSpan().IndexOf(bytes); at >= 0;)
                {
                    hits.Add($"{name} in {Path.GetFileName(path)} at byte {at}");
                    int next = content.AsSpan(at + 1).IndexOf(bytes);
                    at = next < 0 ? -1 : at + 1 + next;
                }
            }
        }

        return hits;
    }

    private static byte[] DoubleBytes(bool bigEndian)
    {
        var bytes = new byte[sizeof(double)];
        if (bigEndian)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteDoubleBigEndian(bytes, ReadingMarker);
        }
        else
        {
            System.Buffers.Binary.BinaryPrimitives.WriteDoubleLittleEndian(bytes, ReadingMarker);
        }

        return bytes;
    }
}
