using Skinsight.Catalog.Ingredients;
using Skinsight.Testing;

namespace Skinsight.Catalog.Tests;

public class CosingAnnexesTests
{
    private const string Annexes = "eu-cosing-annexes";

    private static readonly Lazy<CosingAnnexes> s_annexes =
        new(() => CosingAnnexes.LoadFolder(SharedData.PathOf(Annexes)));

    [SharedDataFact(Annexes)]
    public void Find_SalicylicAcid_IsRestrictedEntry98()
    {
        AnnexEntry entry = Assert.Single(s_annexes.Value.Find("Salicylic Acid"));

        Assert.Equal("III", entry.Annex);
        Assert.Equal("98", entry.Reference);
        Assert.Contains("2.0%", entry.MaxConcentration);
    }

    [SharedDataFact(Annexes)]
    public void Find_Hydroquinone_IsProhibitedOutsideNailSystems()
    {
        IReadOnlyList<AnnexEntry> entries = s_annexes.Value.Find("hydroquinone");

        Assert.Contains(entries, e => e.Prohibited);
        Assert.Contains(entries, e => e.Annex == "III" && e.Reference == "14");
    }

    [SharedDataFact(Annexes)]
    public void Find_Petrolatum_IsConditional()
    {
        Assert.All(s_annexes.Value.Find("Petrolatum"), e => Assert.True(e.Conditional));
    }

    /// <summary>
    /// Cross-checks the curated fragrance group against the regulation: each of its EU-labelled allergens must be
    /// an Annex III entry that requires labelling, or a substance since banned in Annex II.
    /// </summary>
    [SharedDataFact(Annexes)]
    public void FragranceGroup_NamedAllergens_AreInAnnexes()
    {
        AllergenGroup fragrance = IngredientKnowledge.LoadDefault().FindAllergenGroup("fragrance")!;
        // Umbrella terms and spelling variants: "anisyl alcohol" is listed as anise alcohol, oakmoss as Evernia.
        string[] notSubstances =
        [
            "parfum", "fragrance", "aroma", "perfume", "flavor", "flavour", "d limonene", "anisyl alcohol", "oakmoss extract",
            "treemoss extract",
        ];

        string[] missing = [.. fragrance.Inci
            .Where(n => !notSubstances.Contains(n))
            .Where(n => !s_annexes.Value.Find(n).Any(e => e.LabelledFragranceAllergen || e.Prohibited))];

        Assert.True(missing.Length == 0, $"Not in the annexes: {string.Join(", ", missing)}");
    }
}
