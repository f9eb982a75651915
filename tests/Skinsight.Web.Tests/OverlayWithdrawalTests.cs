using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Skinsight.Web.Hosting;

namespace Skinsight.Web.Tests;

/// <summary>
/// Withdrawing keep-photos consent while an analysis of the same person is drawing its overlays, and after it
/// sealed them.
/// </summary>
public class OverlayWithdrawalTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    private static readonly byte[] s_png = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3];

    [Fact]
    public async Task Withdraw_WhileOverlaysDrawn_SealDeletesThem()
    {
        var (client, personId) = await SignUpAsync();
        var overlays = app.App.Services.GetRequiredService<OverlayStore>();
        var (token, scratch) = overlays.CreateFolder(personId);
        await File.WriteAllBytesAsync(Path.Combine(scratch, "redness.png"), s_png);

        var withdrawal = await client.DeleteAsync("/api/consents/keep-photos");
        bool openAfterWithdrawal = Directory.Exists(scratch);
        int sealedFiles = overlays.Seal(token, personId);
        var overlay = await client.GetAsync($"/api/overlays/{token}/redness.png");

        Assert.Equal(HttpStatusCode.OK, withdrawal.StatusCode);
        Assert.Equal(1, await OverlayFoldersDeletedAsync(withdrawal));
        Assert.True(openAfterWithdrawal, "the withdrawal deleted a folder the analyser was still writing to");
        Assert.Equal(0, sealedFiles);
        Assert.False(Directory.Exists(scratch));
        Assert.False(Directory.Exists(Path.Combine(overlays.Root, token)));
        Assert.Equal(HttpStatusCode.NotFound, overlay.StatusCode);
    }

    [Fact]
    public async Task Withdraw_AfterSeal_DeletesFolderAtOnce()
    {
        var (client, personId) = await SignUpAsync();
        var overlays = app.App.Services.GetRequiredService<OverlayStore>();
        var (token, scratch) = overlays.CreateFolder(personId);
        await File.WriteAllBytesAsync(Path.Combine(scratch, "redness.png"), s_png);
        int sealedFiles = overlays.Seal(token, personId);

        var withdrawal = await client.DeleteAsync("/api/consents/keep-photos");

        Assert.Equal(1, sealedFiles);
        Assert.Equal(1, await OverlayFoldersDeletedAsync(withdrawal));
        Assert.False(Directory.Exists(Path.Combine(overlays.Root, token)));
    }

    [Fact]
    public async Task DeleteFolder_OpenFolder_DeletesBothFolders()
    {
        var (_, personId) = await SignUpAsync();
        var overlays = app.App.Services.GetRequiredService<OverlayStore>();
        var (token, scratch) = overlays.CreateFolder(personId);

        overlays.DeleteFolder(token);
        overlays.DeleteFolder(token);

        Assert.False(Directory.Exists(scratch));
        Assert.False(Directory.Exists(Path.Combine(overlays.Root, token)));
        Assert.Equal(0, overlays.DeleteOwnedBy(personId));
    }

    [Fact]
    public async Task DeleteOwnedBy_OtherInstanceWhileDrawn_SealDeletesThem()
    {
        var (_, personId) = await SignUpAsync();
        var drawing = app.App.Services.GetRequiredService<OverlayStore>();
        var other = new OverlayStore(drawing.Root, app.Services.Store.Keys);
        var (token, scratch) = drawing.CreateFolder(personId);
        await File.WriteAllBytesAsync(Path.Combine(scratch, "redness.png"), s_png);

        int marked = other.DeleteOwnedBy(personId);
        bool openAfterDeletion = Directory.Exists(scratch);
        await File.WriteAllBytesAsync(Path.Combine(scratch, "spots.png"), s_png);
        int sealedFiles = drawing.Seal(token, personId);

        Assert.Equal(1, marked);
        Assert.True(openAfterDeletion, "another instance deleted a folder the analyser was still writing to");
        Assert.Equal(0, sealedFiles);
        Assert.False(Directory.Exists(scratch));
        Assert.False(Directory.Exists(Path.Combine(drawing.Root, token)));
    }

    [Fact]
    public async Task DeleteOwnedBy_OtherInstanceAfterSeal_DeletesAtOnce()
    {
        var (_, personId) = await SignUpAsync();
        var drawing = app.App.Services.GetRequiredService<OverlayStore>();
        var other = new OverlayStore(drawing.Root, app.Services.Store.Keys);
        var (token, scratch) = drawing.CreateFolder(personId);
        await File.WriteAllBytesAsync(Path.Combine(scratch, "redness.png"), s_png);
        int sealedFiles = drawing.Seal(token, personId);

        int deleted = other.DeleteOwnedBy(personId);

        Assert.Equal(1, sealedFiles);
        Assert.Equal(1, deleted);
        Assert.False(Directory.Exists(Path.Combine(drawing.Root, token)));
        Assert.Null(drawing.Find(token, "redness.png", personId));
    }

    [Fact]
    public async Task DeleteOwnedBy_FolderLeftOpenByStoppedInstance_DeletesIt()
    {
        var (_, personId) = await SignUpAsync();
        var stopped = new OverlayStore(app.App.Services.GetRequiredService<OverlayStore>().Root, app.Services.Store.Keys);
        var other = new OverlayStore(stopped.Root, app.Services.Store.Keys);
        var (token, scratch) = stopped.CreateFolder(personId);
        string folder = Path.Combine(stopped.Root, token);
        File.SetLastWriteTimeUtc(Path.Combine(folder, ".open"), DateTime.UtcNow - OverlayStore.AbandonedAfter - TimeSpan.FromMinutes(1));

        int deleted = other.DeleteOwnedBy(personId);

        Assert.Equal(1, deleted);
        Assert.False(Directory.Exists(folder));
        Assert.False(Directory.Exists(scratch));
    }

    [Fact]
    public async Task Erase_SealedAndOpenFolders_DeletesBothWithoutNewKey()
    {
        var (client, personId) = await SignUpAsync();
        var overlays = app.App.Services.GetRequiredService<OverlayStore>();
        var (sealedToken, sealedScratch) = overlays.CreateFolder(personId);
        await File.WriteAllBytesAsync(Path.Combine(sealedScratch, "redness.png"), s_png);
        overlays.Seal(sealedToken, personId);
        var (openToken, openScratch) = overlays.CreateFolder(personId);
        await File.WriteAllBytesAsync(Path.Combine(openScratch, "redness.png"), s_png);

        var erased = await client.DeleteAsync("/api/me?confirm=yes");
        bool openAfterErasure = Directory.Exists(openScratch);
        int sealedAfterErasure = overlays.Seal(openToken, personId);

        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        Assert.False(Directory.Exists(Path.Combine(overlays.Root, sealedToken)));
        Assert.True(openAfterErasure, "the erasure deleted a folder the analyser was still writing to");
        Assert.Equal(0, sealedAfterErasure);
        Assert.False(Directory.Exists(Path.Combine(overlays.Root, openToken)));
        Assert.False(app.Services.Store.Keys.HasDataKey(personId));
    }

    private async Task<(HttpClient Client, Guid PersonId)> SignUpAsync()
    {
        var (client, _) = await app.SignUpAsync("analysis", "keep-photos");
        using var account = JsonDocument.Parse(await client.GetStringAsync("/api/account"));
        return (client, account.RootElement.GetProperty("personId").GetGuid());
    }

    private static async Task<int> OverlayFoldersDeletedAsync(HttpResponseMessage withdrawal)
    {
        using var body = JsonDocument.Parse(await withdrawal.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("overlayFoldersDeleted").GetInt32();
    }
}
