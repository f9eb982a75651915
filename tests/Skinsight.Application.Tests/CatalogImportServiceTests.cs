using Skinsight.Core;
using Skinsight.Application.Catalog;
using Skinsight.Application.Ports;

namespace Skinsight.Application.Tests;

public class CatalogImportServiceTests
{
    [Fact]
    public async Task ImportAsync_NewCatalog_CountsEachRow()
    {
        await using var temp = await TempStore.OpenAsync();
        var source = new FakeCatalogSource(
        [
            Samples.Row(1, "a"),
            Samples.Skip(2, "The name is empty."),
            Samples.Row(3, "b"),
            Samples.Skip(4, "The price -3 is negative."),
            Samples.Row(5, "c"),
        ]);
        var service = new CatalogImportService(temp.Store, source);

        var report = await service.ImportAsync(temp.CatalogFile());

        Assert.Equal(5, report.RowsRead);
        Assert.Equal(3, report.Imported);
        Assert.Equal(0, report.Updated);
        Assert.Equal(0, report.Unchanged);
        Assert.Equal(2, report.Skipped);
        Assert.Equal([new SkippedRow(2, "The name is empty."), new SkippedRow(4, "The price -3 is negative.")], report.SkippedRows);
        Assert.Equal(3, await temp.Store.CountProductsAsync());
    }

    [Fact]
    public async Task ImportAsync_SameFileTwice_ChangesNothing()
    {
        await using var temp = await TempStore.OpenAsync();
        var service = new CatalogImportService(temp.Store, new FakeCatalogSource([Samples.Row(1, "a"), Samples.Row(2, "b")]));
        string path = temp.CatalogFile();
        await service.ImportAsync(path);
        var versionBefore = await temp.Store.GetCatalogVersionAsync();

        var second = await service.ImportAsync(path);

        Assert.Equal(0, second.Imported);
        Assert.Equal(0, second.Updated);
        Assert.Equal(2, second.Unchanged);
        Assert.Equal(versionBefore, await temp.Store.GetCatalogVersionAsync());
    }

    [Fact]
    public async Task ImportAsync_ChangedRow_CountsUpdated()
    {
        await using var temp = await TempStore.OpenAsync();
        string path = temp.CatalogFile();
        await new CatalogImportService(temp.Store, new FakeCatalogSource([Samples.Row(1, "a", 10m), Samples.Row(2, "b")]))
            .ImportAsync(path);

        var report = await new CatalogImportService(temp.Store, new FakeCatalogSource([Samples.Row(1, "a", 11m), Samples.Row(2, "b")]))
            .ImportAsync(path);

        Assert.Equal(1, report.Updated);
        Assert.Equal(1, report.Unchanged);
        Assert.Equal(11m, (await temp.Store.FindProductAsync("test-catalog", "a"))?.PriceUsd);
    }

    [Fact]
    public async Task ImportAsync_RepeatedId_SkipsLaterRow()
    {
        await using var temp = await TempStore.OpenAsync();
        var source = new FakeCatalogSource([Samples.Row(1, "a", 10m), Samples.Row(2, "b"), Samples.Row(3, "a", 99m)]);
        var service = new CatalogImportService(temp.Store, source, batchSize: 2);

        var report = await service.ImportAsync(temp.CatalogFile());

        var skipped = Assert.Single(report.SkippedRows);
        Assert.Equal(3, skipped.RowNumber);
        Assert.Contains("row 1", skipped.Reason, StringComparison.Ordinal);
        Assert.Equal(2, report.Imported);
        Assert.Equal(10m, (await temp.Store.FindProductAsync("test-catalog", "a"))?.PriceUsd);
    }

    [Fact]
    public async Task ImportAsync_SourceFailsMidway_LeavesStoreUnchanged()
    {
        await using var temp = await TempStore.OpenAsync();
        string path = temp.CatalogFile();
        await new CatalogImportService(temp.Store, new FakeCatalogSource([Samples.Row(1, "a", 10m)])).ImportAsync(path);
        var failing = new FakeCatalogSource(
            [Samples.Row(1, "a", 20m), Samples.Row(2, "b"), Samples.Row(3, "c"), Samples.Row(4, "d"), Samples.Row(5, "e")])
        {
            FailAfterRows = 4,
        };
        var service = new CatalogImportService(temp.Store, failing, batchSize: 2);

        await Assert.ThrowsAsync<InvalidDataException>(() => service.ImportAsync(path));

        Assert.Equal(1, await temp.Store.CountProductsAsync());
        Assert.Equal(10m, (await temp.Store.FindProductAsync("test-catalog", "a"))?.PriceUsd);
    }

    [Fact]
    public async Task ImportAsync_Cancelled_LeavesStoreEmpty()
    {
        await using var temp = await TempStore.OpenAsync();
        var service = new CatalogImportService(temp.Store, new FakeCatalogSource([Samples.Row(1, "a"), Samples.Row(2, "b")]));
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => service.ImportAsync(temp.CatalogFile(), cancellationToken: cancellation.Token));

        Assert.Equal(0, await temp.Store.CountProductsAsync());
    }

    [Fact]
    public async Task ImportAsync_SmallBatches_ReportsEachBatch()
    {
        await using var temp = await TempStore.OpenAsync();
        var rows = Enumerable.Range(1, 5).Select(i => Samples.Row(i, "p" + i)).ToList();
        var service = new CatalogImportService(temp.Store, new FakeCatalogSource(rows), batchSize: 2);
        var progress = new RecordingProgress<ImportProgress>();

        await service.ImportAsync(temp.CatalogFile(), progress: progress);

        Assert.Equal([2, 4, 5], progress.Reports.Select(p => p.Imported));
        Assert.Equal([2L, 4L, 5L], progress.Reports.Select(p => p.RowsRead));
    }

    [Fact]
    public async Task ImportAsync_SkippedRows_ReportsRowsAndBytes()
    {
        await using var temp = await TempStore.OpenAsync();
        var rows = Enumerable.Range(1, 600).Select(i => new CatalogRow(i, null, "not skincare", BytesRead: 10L * i)).ToList();
        var service = new CatalogImportService(temp.Store, new FakeCatalogSource(rows));
        var progress = new RecordingProgress<ImportProgress>();

        await service.ImportAsync(temp.CatalogFile(), progress: progress);

        Assert.Equal([250L, 500L, 600L], progress.Reports.Select(p => p.RowsRead));
        Assert.Equal([2500L, 5000L, 6000L], progress.Reports.Select(p => p.BytesRead));
        Assert.All(progress.Reports, p => Assert.Equal(0, p.Imported));
    }

    [Fact]
    public async Task ImportAsync_MissingFile_ThrowsInvalidInput()
    {
        await using var temp = await TempStore.OpenAsync();
        var service = new CatalogImportService(temp.Store, new FakeCatalogSource([]));
        string path = temp.Folder.File("missing.csv");

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => service.ImportAsync(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportAsync_EmptyRow_ReportsReason()
    {
        await using var temp = await TempStore.OpenAsync();
        var service = new CatalogImportService(temp.Store, new FakeCatalogSource([new CatalogRow(1, null, null)]));

        var report = await service.ImportAsync(temp.CatalogFile());

        Assert.False(string.IsNullOrWhiteSpace(Assert.Single(report.SkippedRows).Reason));
    }
}
