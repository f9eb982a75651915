using Skinsight.Core;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Skinsight.Application.Ports;
using Skinsight.Core.Catalog;
using Skinsight.Data;

namespace Skinsight.Application.Catalog;

/// <summary>Imports a catalog file into the store, streaming it in batches.</summary>
/// <remarks>
/// The whole import is one transaction (<see cref="ProductImportSession"/>). Batches are written as they
/// stream in, but a file that fails halfway, or a cancelled import, leaves the store as it was. Rows the
/// source skips, and later rows that repeat an earlier row's (Source, SourceId), are reported and not
/// stored, so re-importing the same file changes nothing.
/// </remarks>
public sealed class CatalogImportService
{
    public const int DefaultBatchSize = 500;

    /// <summary>Rows read between progress reports when rows are skipped and so fill no batch.</summary>
    public const int ProgressRowInterval = 250;

    private readonly SkinsightStore _store;
    private readonly ICatalogSource _source;
    private readonly int _batchSize;
    private readonly ILogger _logger;

    public CatalogImportService(
        SkinsightStore store,
        ICatalogSource source,
        int batchSize = DefaultBatchSize,
        ILogger<CatalogImportService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        _store = store;
        _source = source;
        _batchSize = batchSize;
        _logger = logger ?? NullLogger<CatalogImportService>.Instance;
    }

    /// <summary>Imports every product of <paramref name="path"/> and returns the counts.</summary>
    /// <param name="format">A catalog format name, or null to detect it from the header.</param>
    /// <param name="columnMap">Source column names keyed by the format's column names, or null.</param>
    /// <exception cref="InvalidInputException">The file does not exist.</exception>
    /// <remarks>Whatever <see cref="ICatalogSource.Read"/> or the store throws propagates after the rollback.</remarks>
    public async Task<ImportReport> ImportAsync(
        string path,
        string? format = null,
        IReadOnlyDictionary<string, string>? columnMap = null,
        IProgress<ImportProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new InvalidInputException($"The catalog file {path} was not found. Check the path.");
        }

        _logger.LogInformation("Importing catalog {Path} (format {Format})", path, format ?? "auto");
        var stopwatch = Stopwatch.StartNew();
        var run = new ImportRun(progress);

        await using (var session = await _store.BeginProductImportAsync(cancellationToken))
        {
            var batch = new List<Product>(_batchSize);
            foreach (var row in _source.Read(path, format, columnMap))
            {
                if (run.Accept(row) is { } product)
                {
                    batch.Add(product);
                }

                if (batch.Count == _batchSize)
                {
                    await StoreBatchAsync(session, batch, run, cancellationToken);
                }
                else if (run.RowsRead % ProgressRowInterval == 0)
                {
                    run.ReportProgress();
                }
            }

            await StoreBatchAsync(session, batch, run, cancellationToken);
            await session.CommitAsync(cancellationToken);
        }

        var report = run.ToReport(path, stopwatch.Elapsed);
        _logger.LogInformation(
            "Imported catalog {Path}: {Imported} new, {Updated} updated, {Unchanged} unchanged, {Skipped} skipped in {ElapsedMs} ms",
            path,
            report.Imported,
            report.Updated,
            report.Unchanged,
            report.Skipped,
            (long)report.Elapsed.TotalMilliseconds);
        return report;
    }

    private static async Task StoreBatchAsync(
        ProductImportSession session,
        List<Product> batch,
        ImportRun run,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (batch.Count > 0)
        {
            run.Add(await session.UpsertAsync(batch, cancellationToken));
            batch.Clear();
        }

        run.ReportProgress();
    }

    /// <summary>Counts and skipped rows of one import.</summary>
    private sealed class ImportRun(IProgress<ImportProgress>? progress)
    {
        private readonly List<SkippedRow> _skipped = [];
        private readonly Dictionary<(string Source, string SourceId), long> _firstRowByKey = [];
        private UpsertCounts _counts;
        private long _rowsRead;
        private long _bytesRead;

        /// <summary>Returns the row's product to store, or null when the row is skipped.</summary>
        public Product? Accept(CatalogRow row)
        {
            _rowsRead++;
            _bytesRead = Math.Max(_bytesRead, row.BytesRead);
            if (row.Product is not { } product)
            {
                _skipped.Add(new SkippedRow(row.RowNumber, row.SkipReason ?? "The catalog reader gave no product and no reason."));
                return null;
            }

            if (_firstRowByKey.TryGetValue((product.Source, product.SourceId), out long firstRow))
            {
                _skipped.Add(new SkippedRow(
                    row.RowNumber,
                    $"Product id {product.Key} repeats row {firstRow}; only the first row with an id is imported."));
                return null;
            }

            _firstRowByKey[(product.Source, product.SourceId)] = row.RowNumber;
            return product;
        }

        public long RowsRead => _rowsRead;

        public void Add(UpsertCounts counts) => _counts += counts;

        public void ReportProgress() =>
            progress?.Report(new ImportProgress(
                _rowsRead, _counts.Imported, _counts.Updated, _counts.Unchanged, _skipped.Count, _bytesRead));

        public ImportReport ToReport(string path, TimeSpan elapsed) =>
            new(path, _rowsRead, _counts.Imported, _counts.Updated, _counts.Unchanged, _skipped, elapsed);
    }
}
