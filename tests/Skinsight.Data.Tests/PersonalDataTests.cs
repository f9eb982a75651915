using Microsoft.EntityFrameworkCore;
using Skinsight.Core.Analysis;
using Skinsight.Data.Entities;

namespace Skinsight.Data.Tests;

public class PersonalDataTests
{
    [Fact]
    public async Task GetOrCreatePerson_SameHandle_ReturnsSamePerson()
    {
        await using var temp = await TempStore.OpenAsync();

        var first = await temp.Store.GetOrCreateDefaultPersonAsync();
        var second = await temp.Store.GetOrCreatePersonAsync(Person.DefaultHandle);

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(DateTimeKind.Utc, second.CreatedAt.Kind);
    }

    [Fact]
    public async Task AddAnalysis_UnknownPerson_ThrowsPersonNotFound()
    {
        await using var temp = await TempStore.OpenAsync();
        var stranger = Guid.NewGuid();

        var error = await Assert.ThrowsAsync<PersonNotFoundException>(
            () => temp.Store.AddAnalysisAsync(stranger, Samples.Analysis(), null));

        Assert.Equal(stranger, error.PersonId);
        Assert.Contains(stranger.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAnalysis_Accepted_StoresSummaryColumnsAndJson()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var analysis = Samples.Analysis();

        var id = await temp.Store.AddAnalysisAsync(person.Id, analysis, Samples.PhotoBytes(1));
        var stored = await temp.Store.FindAnalysisAsync(person.Id, id);

        Assert.NotNull(stored);
        Assert.Equal(AnalysisMode.Face, stored.Mode);
        Assert.True(stored.Accepted);
        Assert.Equal(82.5, stored.QualityScore);
        Assert.Equal(34.1, stored.SkinToneIta);
        Assert.Equal("intermediate", stored.SkinToneCategory);
        Assert.Equal(StoreJson.Serialize(analysis), StoreJson.Serialize(SkinsightStore.ReadAnalysis(stored)));
    }

    [Fact]
    public async Task AddAnalysis_EmptyPhoto_ThrowsAndStoresNothing()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();

        await Assert.ThrowsAsync<ArgumentException>(
            () => temp.Store.AddAnalysisAsync(person.Id, Samples.Analysis(), ReadOnlyMemory<byte>.Empty));

        Assert.Empty(await temp.Store.ListAnalysesAsync(person.Id));
    }

    [Fact]
    public async Task AddAnalysis_Rejected_StoresAsRejected()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();

        var id = await temp.Store.AddAnalysisAsync(person.Id, Samples.Analysis(accepted: false, score: 21), null);
        var stored = await temp.Store.FindAnalysisAsync(person.Id, id);

        Assert.NotNull(stored);
        Assert.Equal(AnalysisMode.Rejected, stored.Mode);
        Assert.False(stored.Accepted);
        Assert.Null(stored.SkinToneIta);
    }

    [Fact]
    public async Task FindAnalysis_OtherPersonsId_ReturnsNull()
    {
        await using var temp = await TempStore.OpenAsync();
        var alice = await temp.Store.GetOrCreatePersonAsync("alice");
        var bob = await temp.Store.GetOrCreatePersonAsync("bob");
        var aliceAnalysis = await temp.Store.AddAnalysisAsync(alice.Id, Samples.Analysis(), Samples.PhotoBytes(1));

        Assert.Null(await temp.Store.FindAnalysisAsync(bob.Id, aliceAnalysis));
        Assert.Null(await temp.Store.LoadPhotoAsync(bob.Id, aliceAnalysis));
        Assert.NotNull(await temp.Store.FindAnalysisAsync(alice.Id, aliceAnalysis));
    }

    [Fact]
    public async Task ListAnalyses_TwoPeople_ReturnsOwnNewestFirst()
    {
        await using var temp = await TempStore.OpenAsync();
        var alice = await temp.Store.GetOrCreatePersonAsync("alice");
        var bob = await temp.Store.GetOrCreatePersonAsync("bob");
        var first = await temp.Store.AddAnalysisAsync(alice.Id, Samples.Analysis(), null);
        await temp.Store.AddAnalysisAsync(bob.Id, Samples.Analysis(), null);
        var second = await temp.Store.AddAnalysisAsync(alice.Id, Samples.Analysis(accepted: false), null);

        var aliceList = await temp.Store.ListAnalysesAsync(alice.Id);
        var bobList = await temp.Store.ListAnalysesAsync(bob.Id);

        Assert.Equal([second, first], aliceList.Select(a => a.Id));
        Assert.All(bobList, a => Assert.Equal(bob.Id, a.PersonId));
        Assert.Single(bobList);
    }

    [Fact]
    public async Task LoadPhoto_OwnAnalysis_ReturnsBytesAndHash()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        byte[] photo = Samples.PhotoBytes(7);
        var id = await temp.Store.AddAnalysisAsync(person.Id, Samples.Analysis(), photo);

        var loaded = await temp.Store.LoadPhotoAsync(person.Id, id);
        await using var context = temp.Store.CreateContext();
        var row = await context.Photos.SingleAsync(p => p.AnalysisId == id);

        Assert.Equal(photo, loaded);
        Assert.Equal(person.Id.ToString("N"), row.KeyId);
        Assert.Equal(photo.Length, row.Length);
        Assert.Equal(StoreJson.Sha256Hex(photo), row.Sha256);
    }

    [Fact]
    public async Task AddPlan_ForeignAnalysis_ThrowsNotFound()
    {
        await using var temp = await TempStore.OpenAsync();
        var alice = await temp.Store.GetOrCreatePersonAsync("alice");
        var bob = await temp.Store.GetOrCreatePersonAsync("bob");
        var aliceAnalysis = await temp.Store.AddAnalysisAsync(alice.Id, Samples.Analysis(), null);

        await Assert.ThrowsAsync<AnalysisNotFoundException>(
            () => temp.Store.AddPlanAsync(bob.Id, Samples.Profile(), Samples.Plan(), aliceAnalysis));

        Assert.Empty(await temp.Store.ListPlansAsync(bob.Id));
    }

    [Fact]
    public async Task ListPlans_TwoPeople_ReturnsOnlyOwn()
    {
        await using var temp = await TempStore.OpenAsync();
        var alice = await temp.Store.GetOrCreatePersonAsync("alice");
        var bob = await temp.Store.GetOrCreatePersonAsync("bob");
        var alicePlan = await temp.Store.AddPlanAsync(alice.Id, Samples.Profile(), Samples.Plan(), null);
        var bobPlan = await temp.Store.AddPlanAsync(bob.Id, Samples.Profile(), Samples.Plan(), null);

        var aliceList = await temp.Store.ListPlansAsync(alice.Id);

        Assert.Equal([alicePlan], aliceList.Select(p => p.Id));
        Assert.Null(await temp.Store.FindPlanAsync(alice.Id, bobPlan));
        Assert.NotNull(await temp.Store.FindPlanAsync(bob.Id, bobPlan));
    }

    [Fact]
    public async Task AddAnalysisWithPlan_StoresBothLinked()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var profile = Samples.Profile();
        var plan = Samples.Plan();

        var (analysisId, planId) = await temp.Store.AddAnalysisWithPlanAsync(
            person.Id, Samples.Analysis(), Samples.PhotoBytes(3), profile, plan);
        var stored = await temp.Store.FindPlanAsync(person.Id, planId);

        Assert.NotNull(stored);
        Assert.Equal(analysisId, stored.AnalysisId);
        Assert.Equal(StoreJson.Serialize(plan), StoreJson.Serialize(SkinsightStore.ReadPlan(stored)));
        Assert.Equal(StoreJson.Serialize(profile), StoreJson.Serialize(SkinsightStore.ReadProfile(stored)));
    }

    [Fact]
    public async Task DeletePerson_WithRecords_RemovesOwnRowsOnly()
    {
        await using var temp = await TempStore.OpenAsync();
        var alice = await temp.Store.GetOrCreatePersonAsync("alice");
        var bob = await temp.Store.GetOrCreatePersonAsync("bob");
        await temp.Store.AddAnalysisWithPlanAsync(alice.Id, Samples.Analysis(), Samples.PhotoBytes(1), Samples.Profile(), Samples.Plan());
        var bobAnalysis = await temp.Store.AddAnalysisAsync(bob.Id, Samples.Analysis(), Samples.PhotoBytes(2));

        bool deleted = await temp.Store.DeletePersonAsync(alice.Id);

        await using var context = temp.Store.CreateContext();
        Assert.True(deleted);
        Assert.Null(await temp.Store.FindPersonAsync(alice.Id));
        Assert.Equal(0, await context.Analyses.CountAsync(a => a.PersonId == alice.Id));
        Assert.Equal(0, await context.Plans.CountAsync(p => p.PersonId == alice.Id));
        Assert.Equal(0, await context.Photos.CountAsync(p => p.PersonId == alice.Id));
        Assert.NotNull(await temp.Store.LoadPhotoAsync(bob.Id, bobAnalysis));
        Assert.False(await temp.Store.DeletePersonAsync(alice.Id));
    }

    [Fact]
    public async Task ReadAnalysis_DamagedJson_ThrowsStoreException()
    {
        var record = new AnalysisRecord { Id = Guid.NewGuid(), AnalysisJson = "{\"mode\": 42" };

        var error = Assert.Throws<StoreException>(() => SkinsightStore.ReadAnalysis(record));

        Assert.Contains(record.Id.ToString(), error.Message, StringComparison.Ordinal);
    }
}
