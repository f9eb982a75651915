using Skinsight.Catalog.Ingredients;
using Skinsight.Testing;

namespace Skinsight.Catalog.Tests;

public sealed class IngredientFactSheetTests : IDisposable
{
    private const string Label =
        "Aqua, Retinol, Salicylic Acid 2%, Linalool, Hydroquinone, Isopropyl Myristate, Niacinamde, "
        + "Hadasei-3, 나이아신아마이드";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Build_Fixture_ResolvesEachTokenInOrder()
    {
        IngredientFactSheet sheet = Build();

        Assert.Equal(
            ["Aqua", "Retinol", "Salicylic Acid 2%", "Linalool", "Hydroquinone", "Isopropyl Myristate", "Niacinamde",
                "Hadasei-3", "나이아신아마이드"],
            sheet.Ingredients.Select(i => i.Raw));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9], sheet.Ingredients.Select(i => i.Position));
        IngredientFacts aqua = sheet.Ingredients[0];
        Assert.Equal("Water", aqua.Name);
        Assert.Equal("WATER", aqua.Resolution.InciName);
        Assert.Equal(["Solvent"], aqua.Functions);
        Assert.Equal(IngredientReferenceData.InventorySource, aqua.FunctionsSource);
        Assert.Equal(2m, sheet.Ingredients[2].Percent);
    }

    [Fact]
    public void Build_Fixture_NamesResolutionMethods()
    {
        IngredientFactSheet sheet = Build();

        Assert.Equal(ResolutionMethod.Exact, sheet.Ingredients[1].Resolution.Method);
        IngredientResolution misspelt = sheet.Ingredients[6].Resolution;
        Assert.Equal(ResolutionMethod.Fuzzy, misspelt.Method);
        Assert.Equal("NIACINAMIDE", misspelt.InciName);
        Assert.InRange(misspelt.Confidence, CosingInventory.MinFuzzyConfidence, 0.99);
        Assert.Equal("Niacinamde", sheet.Ingredients[6].LookupName);
        IngredientResolution unknown = sheet.Ingredients[7].Resolution;
        Assert.Equal(ResolutionMethod.Unresolved, unknown.Method);
        Assert.Null(unknown.InciName);
        Assert.Null(unknown.Source);
        IngredientResolution korean = sheet.Ingredients[8].Resolution;
        Assert.Equal(ResolutionMethod.KoreanTable, korean.Method);
        Assert.Equal("Niacinamide", korean.Translation);
        Assert.Equal(ResolutionMethod.Exact, korean.TranslationMatch);
        Assert.Equal("NIACINAMIDE", korean.InciName);
    }

    [Fact]
    public void Build_Fixture_FlagsAnnexEntries()
    {
        IngredientFactSheet sheet = Build();

        AnnexFlag salicylic = Assert.Single(sheet.Ingredients[2].Annexes);
        Assert.Equal("III", salicylic.Annex);
        Assert.Equal("98", salicylic.Reference);
        Assert.Equal("(a) 3.0% (b) 2.0%", salicylic.MaxConcentration);
        Assert.Contains("children under 3", salicylic.Conditions);
        Assert.False(salicylic.Prohibited);
        Assert.Equal(IngredientReferenceData.AnnexesSource, salicylic.Source);
        AnnexFlag linalool = Assert.Single(sheet.Ingredients[3].Annexes);
        Assert.True(linalool.LabelledFragranceAllergen);
        AnnexFlag hydroquinone = Assert.Single(sheet.Ingredients[4].Annexes);
        Assert.True(hydroquinone.Prohibited);
        Assert.Empty(sheet.Ingredients[0].Annexes);
    }

    [Fact]
    public void Build_Fixture_AddsRatingsWithSources()
    {
        IngredientFacts myristate = Build().Ingredients[5];

        ComedogenicFact rating = Assert.IsType<ComedogenicFact>(myristate.Comedogenic);
        Assert.Equal(5, rating.Comedogenicity);
        Assert.Equal(3, rating.Irritancy);
        Assert.Equal(IngredientReferenceData.ComedogenicSource, rating.Source);
        CosdnaFact cosdna = Assert.IsType<CosdnaFact>(myristate.Cosdna);
        Assert.Equal([5], cosdna.Acne);
        Assert.Equal([3], cosdna.Irritant);
        Assert.Equal(IngredientReferenceData.CosdnaSource, cosdna.Source);
    }

    [Fact]
    public void Build_UnratedCosdnaEntry_GivesNoCosdnaFact()
    {
        Assert.Null(Build().Ingredients[1].Cosdna);
    }

    [Fact]
    public void Build_Fixture_AddsKnowledgeFacts()
    {
        IngredientFactSheet sheet = Build();

        IngredientFacts retinol = sheet.Ingredients[1];
        ActiveFact active = Assert.Single(retinol.Actives);
        Assert.Equal("retinoid", active.Class);
        Assert.NotEmpty(active.Citation);
        Assert.Contains(retinol.Contraindications, c => c.Condition == Conditions.Pregnancy);
        Assert.Contains(retinol.Conflicts, c => c.Id == "retinoid-exfoliating-acid");
        Assert.Contains(sheet.Ingredients[3].Allergens, a => a.Group == "fragrance");
        ProductConflict conflict = Assert.Single(sheet.Conflicts, c => c.Id == "retinoid-exfoliating-acid");
        Assert.Equal(["Retinol", "Salicylic Acid"], conflict.Ingredients);
    }

    [Fact]
    public void Build_NoFolder_ReportsSourcesAbsent()
    {
        IngredientFactSheet sheet = IngredientFactSheetBuilder.Build(Label, IngredientReferenceData.LoadFolder(null));

        Assert.All(sheet.Ingredients.Take(8), i => Assert.Equal(ResolutionMethod.NotChecked, i.Resolution.Method));
        Assert.All(sheet.Ingredients, i => Assert.Empty(i.Annexes));
        Assert.All(sheet.Ingredients, i => Assert.Null(i.Comedogenic));
        Assert.Equal("Niacinamide", sheet.Ingredients[8].Resolution.Translation);
        Assert.Single(sheet.Ingredients[1].Actives);
        ReferenceSource[] absent = [.. sheet.Sources.Where(s => !s.Available)];
        Assert.Equal(4, absent.Length);
        Assert.All(absent, s => Assert.Equal("no reference data folder is configured", s.Problem));
        Assert.True(sheet.Sources.Single(s => s.Id == IngredientReferenceData.KnowledgeSource).Available);
    }

    [Fact]
    public void LoadFolder_BrokenAnnexFile_ReportsProblem()
    {
        ReferenceDataFiles.WriteAll(_folder.Path);
        ReferenceDataFiles.Write(_folder.Path, "eu-cosing-annexes/COSING_Annex_II_v2.csv", "a,b\n1,2");

        IngredientReferenceData data = IngredientReferenceData.LoadFolder(_folder.Path);

        ReferenceSource annexes = data.Sources.Single(s => s.Id == IngredientReferenceData.AnnexesSource);
        Assert.False(annexes.Available);
        Assert.Contains("Reference Number", annexes.Problem);
        Assert.Null(data.Annexes);
        Assert.NotNull(data.Inventory);
    }

    [Fact]
    public void CosdnaLoad_Fixture_CountsAndSkipsBadLines()
    {
        ReferenceDataFiles.WriteAll(_folder.Path);

        CosdnaIngredients table = CosdnaIngredients.Load(Path.Combine(_folder.Path, IngredientReferenceData.CosdnaPath));

        Assert.Equal(3, table.Count);
        Assert.Equal(1, table.SkippedLines);
        Assert.Equal("Isopropyl Myristate", table.Find("IPM")?.Name);
        Assert.Equal("Glycerin", table.Find("glycerine")?.Name);
    }

    [SharedDataFact("eu-cosing-inventory/cosing.csv", "eu-cosing-annexes", "comedogenic-ratings", "cosdna-ingredient-kg")]
    public void Build_RealData_FlagsKnownIngredients()
    {
        IngredientReferenceData data = IngredientReferenceData.LoadFolder(SharedData.Root);

        IngredientFactSheet sheet = IngredientFactSheetBuilder.Build(
            "Water, Salicylic Acid, Isopropyl Myristate, Linalool, Retinol", data);

        Assert.All(data.Sources, s => Assert.True(s.Available, s.Problem));
        Assert.All(sheet.Ingredients, i => Assert.Equal(ResolutionMethod.Exact, i.Resolution.Method));
        Assert.Contains(sheet.Ingredients[1].Annexes, a => a.Annex == "III" && a.Reference == "98");
        Assert.Equal(5, sheet.Ingredients[2].Cosdna?.Acne.Single());
        Assert.NotNull(sheet.Ingredients[2].Comedogenic);
        Assert.Contains(sheet.Ingredients[3].Annexes, a => a.LabelledFragranceAllergen);
        Assert.Contains(sheet.Ingredients[4].Actives, a => a.Class == "retinoid");
        Assert.Contains(sheet.Ingredients[1].Functions, f => f.Contains("Keratolytic", StringComparison.OrdinalIgnoreCase));
    }

    private IngredientFactSheet Build() =>
        IngredientFactSheetBuilder.Build(Label, IngredientReferenceData.LoadFolder(ReferenceDataFiles.WriteAll(_folder.Path)));
}
