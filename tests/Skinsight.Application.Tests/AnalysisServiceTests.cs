using Skinsight.Core;
using Skinsight.Application.Analyses;
using Skinsight.Core.Analysis;
using Skinsight.Data;

namespace Skinsight.Application.Tests;

public class AnalysisServiceTests
{
    [Fact]
    public async Task AnalyzeAsync_AcceptedPhoto_StoresAnalysisAndPhoto()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var analyzer = new FakeAnalyzer(Samples.Analysis(accepted: true));
        var service = new AnalysisService(temp.Store, analyzer);

        var (id, analysis) = await service.AnalyzeAsync(person.Id, Samples.Jpeg, "/tmp/overlays");

        Assert.NotNull(id);
        Guid analysisId = id.Value;
        var stored = await temp.Store.FindAnalysisAsync(person.Id, analysisId);
        Assert.NotNull(stored);
        Assert.True(stored.Accepted);
        Assert.Equal(AnalysisMode.Face, analysis.Mode);
        Assert.Equal(Samples.Jpeg, await temp.Store.LoadPhotoAsync(person.Id, analysisId));
        Assert.Equal("/tmp/overlays", analyzer.LastOverlayDirectory);
    }

    [Fact]
    public async Task AnalyzeAsync_RejectedPhoto_StoresNothing()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var service = new AnalysisService(temp.Store, new FakeAnalyzer(Samples.Analysis(accepted: false)));

        var result = await service.AnalyzeAsync(person.Id, Samples.Jpeg);

        Assert.Null(result.AnalysisId);
        Assert.Equal(AnalysisMode.Rejected, result.Analysis.Mode);
        Assert.Empty(await temp.Store.ListAnalysesAsync(person.Id));
    }

    [Fact]
    public async Task AnalyzeAsync_UndecodablePhoto_StoresNothing()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var service = new AnalysisService(temp.Store, new FakeAnalyzer(Samples.Analysis(accepted: true)));

        await Assert.ThrowsAsync<UndecodablePhotoException>(() => service.AnalyzeAsync(person.Id, Samples.NotAPhoto));

        Assert.Empty(await temp.Store.ListAnalysesAsync(person.Id));
    }

    [Fact]
    public async Task AnalyzeAsync_EmptyPhoto_ThrowsInvalidInput()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var analyzer = new FakeAnalyzer(Samples.Analysis(accepted: true));
        var service = new AnalysisService(temp.Store, analyzer);

        await Assert.ThrowsAsync<InvalidInputException>(() => service.AnalyzeAsync(person.Id, ReadOnlyMemory<byte>.Empty));

        Assert.Equal(0, analyzer.Calls);
        Assert.Empty(await temp.Store.ListAnalysesAsync(person.Id));
    }

    [Fact]
    public async Task AnalyzeAsync_UnknownPerson_ThrowsBeforeAnalysing()
    {
        await using var temp = await TempStore.OpenAsync();
        var analyzer = new FakeAnalyzer(Samples.Analysis(accepted: true));
        var service = new AnalysisService(temp.Store, analyzer);

        await Assert.ThrowsAsync<PersonNotFoundException>(() => service.AnalyzeAsync(Guid.NewGuid(), Samples.Jpeg));

        Assert.Equal(0, analyzer.Calls);
    }

    [Fact]
    public async Task AnalyzeAsync_StorePhotosOff_KeepsNoPhoto()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var service = new AnalysisService(temp.Store, new FakeAnalyzer(Samples.Analysis(accepted: true)), storePhotos: false);

        var result = await service.AnalyzeAsync(person.Id, Samples.Jpeg);

        Assert.NotNull(await temp.Store.FindAnalysisAsync(person.Id, result.AnalysisId!.Value));
        Assert.Null(await temp.Store.LoadPhotoAsync(person.Id, result.AnalysisId!.Value));
    }
}
