using System.Text.Json;
using Skinsight.Application.Analyses;
using Skinsight.Application.Privacy;
using Skinsight.Application.Research;
using Skinsight.Core;
using Skinsight.Core.Serialization;
using Skinsight.Data.Entities;

namespace Skinsight.Application.Tests;

public class ResearchExporterTests
{
    private static readonly byte[] s_key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public async Task ExportAsync_MixedPopulation_ReachesK()
    {
        await using var temp = await TempStore.OpenAsync();
        var people = await SeedAsync(temp, count: 60, withConsent: true);
        await SeedAsync(temp, count: 7, withConsent: false, prefix: "noconsent");
        var exporter = new ResearchExporter(temp.Store, s_key);

        var export = await exporter.ExportAsync(k: 5);

        Assert.Equal(60, export.Consenting);
        Assert.Equal(export.Consenting, export.Rows.Count + export.Suppressed);
        Assert.NotEmpty(export.Rows);
        var groups = export.Rows.CountBy(r => (r.AgeBand, r.Sex, r.SkinType, r.Region)).ToList();
        Assert.All(groups, g => Assert.True(g.Value >= 5, $"{g.Key} has {g.Value} rows"));
        Assert.True(export.SmallestClass >= 5);
        Assert.True(export.Suppressed <= Math.Floor(60 * KAnonymizer.MaxSuppressedShare));
    }

    [Fact]
    public async Task ExportAsync_Rows_ContainNoIdsOrHandles()
    {
        await using var temp = await TempStore.OpenAsync();
        var people = await SeedAsync(temp, count: 20, withConsent: true);
        var exporter = new ResearchExporter(temp.Store, s_key);

        var export = await exporter.ExportAsync();
        string json = JsonSerializer.Serialize(export, SkinsightJson.Options);

        foreach (var person in people)
        {
            Assert.DoesNotContain(person.Id.ToString(), json, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(person.Id.ToString("N"), json, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(person.Handle, json, StringComparison.Ordinal);
        }

        Assert.Equal(export.Rows.Count, export.Rows.Select(r => r.Pseudonym).Distinct().Count());
        Assert.Contains(exporter.Pseudonymize(people[0].Id), export.Rows.Select(r => r.Pseudonym));
        Assert.NotEqual(exporter.Pseudonymize(people[0].Id),
            new ResearchExporter(temp.Store, s_key.Reverse().ToArray()).Pseudonymize(people[0].Id));
    }

    [Fact]
    public async Task ExportAsync_FewerThanKConsenting_ExportsNoRow()
    {
        await using var temp = await TempStore.OpenAsync();
        await SeedAsync(temp, count: 4, withConsent: true);
        var exporter = new ResearchExporter(temp.Store, s_key);

        var export = await exporter.ExportAsync(k: 5);

        Assert.Empty(export.Rows);
        Assert.Equal(4, export.Suppressed);
    }

    [Fact]
    public async Task ExportAsync_KBelowFive_IsRejected()
    {
        await using var temp = await TempStore.OpenAsync();
        var exporter = new ResearchExporter(temp.Store, s_key);

        await Assert.ThrowsAsync<InvalidInputException>(() => exporter.ExportAsync(k: 2));
    }

    [Fact]
    public void Constructor_ShortKey_IsRejected()
    {
        Assert.Throws<InvalidInputException>(() => new ResearchExporter(null!, new byte[16]));
    }

    [Fact]
    public void Anonymize_UniqueRegions_GeneralisesRegionToCountry()
    {
        // Ten people share age, sex and skin type; their subdivisions are all different but in two countries.
        var records = Enumerable.Range(0, 10)
            .Select(i => new QuasiIdentifiers(34, "female", "dry", (i < 5 ? "DE-" : "FR-") + (char)('A' + i)))
            .ToList();

        var (generalisation, kept) = KAnonymizer.Anonymize(records, 5);

        Assert.Equal(10, kept.Count);
        Assert.Equal(1, generalisation.Region);
        Assert.Equal(0, generalisation.Age);
        Assert.Equal(0, generalisation.Sex);
        Assert.Equal(0, generalisation.SkinType);
    }

    /// <summary>
    /// Adds people with demographics spread so that the finest combinations are mostly unique, and with one
    /// accepted analysis each. With <paramref name="withConsent"/> they also consent to research.
    /// </summary>
    private static async Task<List<Person>> SeedAsync(TempStore temp, int count, bool withConsent, string prefix = "person")
    {
        string[] sexes = ["female", "male", "other"];
        string[] skinTypes = ["normal", "dry", "oily", "combination"];
        string[] regions = ["DE-BY", "DE-BE", "FR-IDF", "FR-ARA", "PL"];
        var research = ConsentTexts.For(ConsentPurpose.Research);
        var consents = new ConsentService(temp.Store);
        var analyses = new AnalysisService(temp.Store, new FakeAnalyzer(Samples.Analysis(accepted: true)));
        var people = new List<Person>();
        for (int i = 0; i < count; i++)
        {
            var person = await temp.Store.GetOrCreatePersonAsync($"{prefix}-{i}");
            await temp.Store.SetDemographicsAsync(new Demographics
            {
                PersonId = person.Id,
                BirthYear = 1950 + (i * 7 % 55),
                Sex = sexes[i % sexes.Length],
                SkinType = skinTypes[i * 3 % skinTypes.Length],
                Region = regions[i * 5 / 3 % regions.Length],
            });
            await analyses.AnalyzeAsync(person.Id, Samples.Jpeg, keepPhoto: false);
            if (withConsent)
            {
                await consents.GrantAsync(person.Id, research, research.Version);
            }

            people.Add(person);
        }

        return people;
    }
}
