using Microsoft.EntityFrameworkCore;
using Skinsight.Data.Entities;

namespace Skinsight.Data.Tests;

public class SecurityStoreTests
{
    [Fact]
    public async Task DeletePerson_Sqlite_RemovesSecurityRecordsKeepsAudit()
    {
        await using var temp = await TempStore.OpenAsync();
        await DeletePersonRemovesSecurityRecordsAsync(temp.Store);
    }

    [PostgresFact]
    public async Task DeletePerson_Postgres_RemovesSecurityRecordsKeepsAudit()
    {
        await using var temp = await TempPostgresStore.OpenAsync();
        await DeletePersonRemovesSecurityRecordsAsync(temp.Store);
    }

    [Fact]
    public async Task ResearchSubjects_Sqlite_OnlyCurrentConsent()
    {
        await using var temp = await TempStore.OpenAsync();
        await ResearchSubjectsOnlyCurrentConsentAsync(temp.Store);
    }

    [PostgresFact]
    public async Task ResearchSubjects_Postgres_OnlyCurrentConsent()
    {
        await using var temp = await TempPostgresStore.OpenAsync();
        await ResearchSubjectsOnlyCurrentConsentAsync(temp.Store);
    }

    [Fact]
    public async Task GrantConsent_ConcurrentSqlite_OneInForce()
    {
        await using var temp = await TempStore.OpenAsync();
        await ConcurrentGrantsKeepOneInForceAsync(temp.Store);
    }

    [PostgresFact]
    public async Task GrantConsent_ConcurrentPostgres_OneInForce()
    {
        await using var temp = await TempPostgresStore.OpenAsync();
        await ConcurrentGrantsKeepOneInForceAsync(temp.Store);
    }

    [Fact]
    public async Task GrantConsent_NewVersion_ReplacesOld()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreatePersonAsync("ana");

        await temp.Store.GrantConsentAsync(person.Id, ConsentPurpose.Analysis, "v1");
        var second = await temp.Store.GrantConsentAsync(person.Id, ConsentPurpose.Analysis, "v2");

        var inForce = Assert.Single(await temp.Store.ListConsentsAsync(person.Id));
        Assert.Equal(second.Id, inForce.Id);
        Assert.Equal(2, (await temp.Store.ListConsentHistoryAsync(person.Id)).Count);
    }

    // Each grant reads the consents in force and then writes, so without the row lock concurrent grants could each
    // add one. Half grant one version and half another.
    private static async Task ConcurrentGrantsKeepOneInForceAsync(SkinsightStore store)
    {
        var person = await store.GetOrCreatePersonAsync("ana");
        var grants = Enumerable.Range(0, 8)
            .Select(i => Task.Run(() => store.GrantConsentAsync(person.Id, ConsentPurpose.Analysis, i % 2 == 0 ? "v1" : "v2")))
            .ToList();

        await Task.WhenAll(grants);

        var inForce = Assert.Single(await store.ListConsentsAsync(person.Id));
        Assert.Contains(inForce.TextVersion, new[] { "v1", "v2" });
    }

    private static async Task DeletePersonRemovesSecurityRecordsAsync(SkinsightStore store)
    {
        var person = await store.GetOrCreatePersonAsync("ana");
        var accountId = Guid.CreateVersion7();
        await using (var context = store.CreateContext())
        {
            context.Users.Add(new Account { Id = accountId, PersonId = person.Id, UserName = "ana", NormalizedUserName = "ANA" });
            await context.SaveChangesAsync();
        }

        await store.AddApiTokenAsync(accountId, person.Id, "sync", new string('a', 64));
        await store.GrantConsentAsync(person.Id, ConsentPurpose.Research, "v1");
        await store.SetDemographicsAsync(new Demographics { PersonId = person.Id, BirthYear = 1990 });
        await store.AddAuditAsync(new AuditEntry
        {
            At = DateTime.UtcNow, ActorPersonId = person.Id, SubjectPersonId = person.Id, Operation = "test", Purpose = "test",
        });

        bool deleted = await store.DeletePersonAsync(person.Id);

        Assert.True(deleted);
        await using var check = store.CreateContext();
        Assert.False(await check.Users.AnyAsync(a => a.Id == accountId));
        Assert.False(await check.ApiTokens.AnyAsync(t => t.PersonId == person.Id));
        Assert.False(await check.Consents.AnyAsync(c => c.PersonId == person.Id));
        Assert.False(await check.Demographics.AnyAsync(d => d.PersonId == person.Id));
        string pseudonym = store.Keys.LogPseudonym(person.Id);
        Assert.False(await check.AuditLog.AnyAsync(e => e.SubjectPersonId == person.Id || e.ActorPersonId == person.Id));
        Assert.True(await check.AuditLog.AnyAsync(e => e.SubjectPseudonym == pseudonym && e.ActorPseudonym == pseudonym));
    }

    private static async Task ResearchSubjectsOnlyCurrentConsentAsync(SkinsightStore store)
    {
        var stays = await store.GetOrCreatePersonAsync("stays");
        var leaves = await store.GetOrCreatePersonAsync("leaves");
        await store.GetOrCreatePersonAsync("never");
        await store.GrantConsentAsync(stays.Id, ConsentPurpose.Research, "v1");
        await store.GrantConsentAsync(leaves.Id, ConsentPurpose.Research, "v1");
        await store.SetDemographicsAsync(new Demographics { PersonId = stays.Id, BirthYear = 1990, Region = "DE-BY" });
        await store.AddAnalysisAsync(stays.Id, Samples.Analysis(score: 80), null);
        await store.AddAnalysisAsync(stays.Id, Samples.Analysis(score: 90), null);
        await store.WithdrawConsentAsync(leaves.Id, ConsentPurpose.Research);

        var subjects = await store.LoadResearchSubjectsAsync();

        var subject = Assert.Single(subjects);
        Assert.Equal(stays.Id, subject.PersonId);
        Assert.Equal(1990, subject.BirthYear);
        Assert.Equal("DE-BY", subject.Region);
        Assert.Equal(2, subject.AcceptedAnalyses);
        Assert.Equal(85, subject.MeanQualityScore!.Value, precision: 6);
    }
}
