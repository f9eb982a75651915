using Microsoft.Data.Sqlite;
using Skinsight.Testing;

namespace Skinsight.Data.Tests;

/// <summary>A SQLite store in a temporary folder, deleted on dispose.</summary>
internal sealed class TempStore : IAsyncDisposable
{
    private readonly TempFolder _folder;

    private TempStore(TempFolder folder, SkinsightStore store, string path)
    {
        _folder = folder;
        Store = store;
        Path = path;
    }

    public SkinsightStore Store { get; }

    public string Path { get; }

    public static async Task<TempStore> OpenAsync()
    {
        var folder = new TempFolder();
        string path = folder.File("skinsight.db");
        var store = await StoreFactory.OpenAsync(path);
        return new TempStore(folder, store, path);
    }

    public ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open; release them before deleting the folder.
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
        return ValueTask.CompletedTask;
    }
}
