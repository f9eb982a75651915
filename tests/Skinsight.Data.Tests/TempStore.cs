using Microsoft.Data.Sqlite;
using Skinsight.Data.Encryption;
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

    /// <summary>The key folder, beside the database folder's files but not the same folder's name.</summary>
    public string KeyFolder => _folder.File("keys");

    public static async Task<TempStore> OpenAsync()
    {
        var folder = new TempFolder();
        string path = folder.File("skinsight.db");
        var store = await StoreFactory.OpenAsync(path, new KeyRingOptions(folder.File("keys")));
        return new TempStore(folder, store, path);
    }

    public ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open, so they are released before the folder is deleted.
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
        return ValueTask.CompletedTask;
    }
}
