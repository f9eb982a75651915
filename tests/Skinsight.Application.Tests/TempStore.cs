using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Skinsight.Data;
using Skinsight.Data.Encryption;
using Skinsight.Testing;

namespace Skinsight.Application.Tests;

/// <summary>A SQLite store in a temporary folder, deleted on dispose.</summary>
internal sealed class TempStore : IAsyncDisposable
{
    private TempStore(TempFolder folder, SkinsightStore store)
    {
        Folder = folder;
        Store = store;
    }

    public TempFolder Folder { get; }

    public SkinsightStore Store { get; }

    public static async Task<TempStore> OpenAsync()
    {
        var folder = new TempFolder();
        var store = await StoreFactory.OpenAsync(folder.File("skinsight.db"), new KeyRingOptions(folder.File("keys")));
        return new TempStore(folder, store);
    }

    /// <summary>
    /// Stores a plan created at <paramref name="createdAt"/>, so that check-ins dated before today may report its
    /// steps.
    /// </summary>
    public async Task<Guid> AddPlanCreatedAtAsync(
        Guid personId, Core.Profiles.SkinProfile profile, Core.Plans.SkincarePlan plan, DateTimeOffset createdAt)
    {
        var planId = await Store.AddPlanAsync(personId, profile, plan, null);
        await using var context = Store.CreateContext();
        await context.Plans
            .Where(p => p.Id == planId)
            .ExecuteUpdateAsync(setters => setters.SetProperty(p => p.CreatedAt, createdAt.UtcDateTime));
        return planId;
    }

    /// <summary>Creates an empty file to stand for a catalog, since the import checks that the path exists.</summary>
    public string CatalogFile()
    {
        string path = Folder.File("catalog.csv");
        File.WriteAllText(path, "");
        return path;
    }

    public ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open, so they are released before the folder is deleted.
        SqliteConnection.ClearAllPools();
        Folder.Dispose();
        return ValueTask.CompletedTask;
    }
}
