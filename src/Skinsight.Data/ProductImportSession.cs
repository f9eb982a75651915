using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Skinsight.Core.Catalog;
using Skinsight.Data.Entities;

namespace Skinsight.Data;

/// <summary>
/// One catalog import as a single database transaction: batches are upserted as they stream in, and nothing
/// is visible to others until <see cref="CommitAsync"/>. Disposing without committing rolls every batch back,
/// so an import that fails halfway leaves the store as it was.
/// </summary>
/// <remarks>
/// On SQLite the transaction holds the write lock until commit, so other writers wait (up to the busy timeout)
/// while a large catalog imports. Readers are not blocked in WAL mode.
/// </remarks>
public sealed class ProductImportSession : IAsyncDisposable
{
    private readonly SkinsightContext _context;
    private readonly IDbContextTransaction _transaction;
    private bool _committed;

    private ProductImportSession(SkinsightContext context, IDbContextTransaction transaction)
    {
        _context = context;
        _transaction = transaction;
    }

    /// <summary>Counts of every batch upserted so far in this session.</summary>
    public UpsertCounts Counts { get; private set; }

    internal static async Task<ProductImportSession> BeginAsync(
        SkinsightContext context,
        CancellationToken cancellationToken)
    {
        var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        return new ProductImportSession(context, transaction);
    }

    /// <summary>
    /// Inserts products the store does not hold, updates those whose content hash changed and leaves the rest.
    /// When a batch holds the same (Source, SourceId) twice, the later product is compared with the earlier one.
    /// </summary>
    /// <exception cref="InvalidOperationException">The session was already committed.</exception>
    public async Task<UpsertCounts> UpsertAsync(IReadOnlyList<Product> batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ThrowIfCommitted();

        var known = await LoadExistingAsync(batch, cancellationToken);
        var now = DateTime.UtcNow;
        int imported = 0, updated = 0, unchanged = 0;
        foreach (var product in batch)
        {
            string hash = ProductMapping.ContentHash(product);
            var key = (product.Source, product.SourceId);
            if (!known.TryGetValue(key, out var record))
            {
                record = new ProductRecord { CreatedAt = now, UpdatedAt = now };
                ProductMapping.CopyContent(product, record, hash);
                _context.Products.Add(record);
                known[key] = record;
                imported++;
            }
            else if (record.ContentHash == hash)
            {
                unchanged++;
            }
            else
            {
                ProductMapping.CopyContent(product, record, hash);
                record.UpdatedAt = now;
                updated++;
            }
        }

        try
        {
            await _context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            // Most likely another import inserted one of these products after this batch looked it up.
            throw new StoreException(
                $"Saving a batch of {batch.Count} products failed ({(ex.InnerException ?? ex).Message.ReplaceLineEndings(" ")}); if another import is running on this store, wait for it and import again.",
                ex);
        }

        // Tracked rows are released after each batch so that memory stays flat however large the catalog is.
        _context.ChangeTracker.Clear();

        var counts = new UpsertCounts(imported, updated, unchanged);
        Counts += counts;
        return counts;
    }

    /// <summary>Makes every batch of this session visible at once.</summary>
    /// <exception cref="InvalidOperationException">The session was already committed.</exception>
    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfCommitted();
        await _transaction.CommitAsync(cancellationToken);
        _committed = true;
    }

    /// <summary>Rolls back every batch unless <see cref="CommitAsync"/> ran, and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _context.DisposeAsync();
    }

    private void ThrowIfCommitted()
    {
        if (_committed)
        {
            throw new InvalidOperationException("This product import was already committed; begin a new import.");
        }
    }

    private async Task<Dictionary<(string Source, string SourceId), ProductRecord>> LoadExistingAsync(
        IReadOnlyList<Product> batch,
        CancellationToken cancellationToken)
    {
        var known = new Dictionary<(string, string), ProductRecord>();
        foreach (var group in batch.GroupBy(p => p.Source, StringComparer.Ordinal))
        {
            string source = group.Key;
            var ids = group.Select(p => p.SourceId).Distinct(StringComparer.Ordinal).ToList();
            var rows = await _context.Products
                .Where(p => p.Source == source && ids.Contains(p.SourceId))
                .ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                known[(row.Source, row.SourceId)] = row;
            }
        }

        return known;
    }
}
