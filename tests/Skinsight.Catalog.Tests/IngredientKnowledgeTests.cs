using Skinsight.Catalog.Ingredients;
using Skinsight.Core.Analysis;

namespace Skinsight.Catalog.Tests;

public class IngredientKnowledgeTests
{
    private static readonly IngredientKnowledge s_knowledge = IngredientKnowledge.LoadDefault();

    [Fact]
    public void LoadDefault_EmbeddedTable_HasEveryRequiredActive()
    {
        string[] required =
        [
            "tretinoin", "adapalene", "retinol", "retinal", "retinyl-esters", "glycolic-acid", "lactic-acid",
            "mandelic-acid", "salicylic-acid", "gluconolactone", "azelaic-acid", "niacinamide", "ascorbic-acid",
            "benzoyl-peroxide", "hydroquinone", "ceramides", "hyaluronic-acid", "panthenol", "centella",
            "zinc-oxide", "titanium-dioxide", "organic-uv-filters", "fragrance", "essential-oils", "drying-alcohol",
        ];

        string[] ids = [.. s_knowledge.Actives.Select(a => a.Id)];

        Assert.Empty(required.Except(ids));
    }

    [Fact]
    public void LoadDefault_EveryEntry_HasSource()
    {
        foreach (ActiveIngredient active in s_knowledge.Actives)
        {
            Assert.False(string.IsNullOrWhiteSpace(active.Source), active.Id);
            Assert.Empty(active.Concerns.Except(Concerns.All));
        }

        Assert.All(s_knowledge.Conflicts, c => Assert.False(string.IsNullOrWhiteSpace(c.Source)));
        Assert.All(s_knowledge.Contraindications, c => Assert.False(string.IsNullOrWhiteSpace(c.Source)));
        Assert.All(s_knowledge.AllergenGroups, g => Assert.False(string.IsNullOrWhiteSpace(g.Source)));
    }

    [Fact]
    public void FindActives_LabelNames_InLabelOrder()
    {
        string[] ingredients =
        [
            "Water", "Niacinamide", "Sodium Hyaluronate", "Ceramide NP", "Ceramide AP", "Retinol",
            "Centella Asiatica Leaf Extract", "Cetearyl Alcohol", "Alcohol Denat.",
        ];

        string[] ids = [.. s_knowledge.FindActives(ingredients).Select(a => a.Id)];

        Assert.Equal(["niacinamide", "hyaluronic-acid", "ceramides", "retinol", "centella", "drying-alcohol"], ids);
    }

    [Theory]
    [InlineData("Cetearyl Alcohol")]
    [InlineData("Benzyl Alcohol")]
    [InlineData("Sodium Lactate")]
    [InlineData("Salix Alba (Willow) Bark Extract")]
    [InlineData("Galactose")]
    [InlineData("Sodium Ascorbate Something Else")]
    public void Identify_LookalikeName_FindsNoActive(string name)
    {
        Assert.Empty(s_knowledge.Identify(name));
    }

    [Theory]
    [InlineData("Tranexamic Acid", "tranexamic-acid")]
    [InlineData("Alpha-Arbutin", "arbutin")]
    [InlineData("Bakuchiol", "bakuchiol")]
    [InlineData("Palmitoyl Pentapeptide-4", "peptides")]
    [InlineData("Hydroxypinacolone Retinoate", "retinyl-esters")]
    [InlineData("3-O-Ethyl Ascorbic Acid", "ascorbic-acid")]
    public void Identify_LabelName_FindsActive(string name, string id)
    {
        Assert.Contains(s_knowledge.Identify(name), a => a.Id == id);
    }

    [Theory]
    [InlineData("fragrance", "Linalool")]
    [InlineData("Fragrance", "Parfum")]
    [InlineData("perfume", "Hexyl Cinnamal")]
    [InlineData("nuts", "Prunus Amygdalus Dulcis (Sweet Almond) Oil")]
    [InlineData("tree nuts", "Macadamia Integrifolia Seed Oil")]
    [InlineData("lanolin", "Lanolin Alcohol")]
    [InlineData("parabens", "Methylparaben")]
    [InlineData("paraben", "Sodium Propylparaben")]
    public void ContainsAllergen_GroupMember_ReturnsTrueWithMatch(string allergy, string ingredient)
    {
        string[] ingredients = ["Water", "Glycerin", ingredient];

        bool found = s_knowledge.ContainsAllergen(ingredients, allergy, out string matched);

        Assert.True(found);
        Assert.Equal(ingredient, matched);
    }

    [Theory]
    [InlineData("Lavandula Angustifolia (Lavender) Oil")]
    [InlineData("Citrus Paradisi (Grapefruit) Peel Oil")]
    [InlineData("Pelargonium Graveolens Flower Oil")]
    [InlineData("Tea Tree Leaf Oil")]
    [InlineData("Citrus Aurantium Amara (Neroli) Oil")]
    [InlineData("Melaleuca Alternifolia (Tea Tree) Leaf Oil")]
    [InlineData("Pogostemon Cablin Leaf Oil")]
    [InlineData("Menthol")]
    [InlineData("Linalyl Acetate")]
    [InlineData("Fragrance (Natural)")]
    [InlineData("Natural Fragrance")]
    [InlineData("Cashmere Mist Fragrance")]
    [InlineData("Parfum (Fragrance) D-Limonene")]
    [InlineData("Flavor")]
    public void ContainsAllergen_EssentialOilOrEuAllergen_InFragranceGroup(string ingredient)
    {
        bool found = s_knowledge.ContainsAllergen(["Water", ingredient], "fragrance", out string matched);

        Assert.True(found, ingredient);
        Assert.Equal(ingredient, matched);
    }

    [Theory]
    [InlineData("Simmondsia Chinensis (Jojoba) Seed Oil")]
    [InlineData("Squalane")]
    [InlineData("Helianthus Annuus (Sunflower) Seed Oil")]
    [InlineData("Citrus Grandis (Grapefruit) Seed Oil")]
    [InlineData("Rosa Canina Fruit Oil")]
    [InlineData("Caprylic/Capric Triglyceride")]
    [InlineData("Citrus Aurantium Dulcis (Orange) Fruit Water")]
    [InlineData("Fragrance Free")]
    [InlineData("Free of Fragrance")]
    [InlineData("No Perfume")]
    public void ContainsAllergen_CarrierOil_NotInFragranceGroup(string ingredient)
    {
        bool found = s_knowledge.ContainsAllergen(["Water", ingredient], "fragrance", out _);

        Assert.False(found, ingredient);
    }

    [Theory]
    [InlineData("Fragrance (Natural)")]
    [InlineData("Cashmere Mist Fragrance")]
    public void FindActives_QualifiedFragrance_FindsFragrance(string ingredient)
    {
        IReadOnlyList<ActiveIngredient> actives = s_knowledge.FindActives(["Water", ingredient]);

        Assert.Contains(actives, a => a.Id == "fragrance");
    }

    [Fact]
    public void ContainsAllergen_NoMember_ReturnsFalse()
    {
        string[] ingredients = ["Water", "Glycerin", "Cetearyl Alcohol", "Dimethicone"];

        bool found = s_knowledge.ContainsAllergen(ingredients, "fragrance", out string matched);

        Assert.False(found);
        Assert.Equal("", matched);
    }

    [Fact]
    public void ContainsAllergen_UnknownGroup_MatchesIngredientWords()
    {
        string[] ingredients = ["Water", "Propolis Extract"];

        Assert.True(s_knowledge.ContainsAllergen(ingredients, "propolis", out string matched));
        Assert.Equal("Propolis Extract", matched);
        Assert.False(s_knowledge.ContainsAllergen(ingredients, "pro", out _));
    }

    [Fact]
    public void FindConflicts_RetinolAndGlycolic_Caution()
    {
        IReadOnlyList<ActiveIngredient> night = s_knowledge.FindActives(["Retinol"]);
        IReadOnlyList<ActiveIngredient> toner = s_knowledge.FindActives(["Glycolic Acid"]);

        IReadOnlyList<ConflictRule> conflicts = s_knowledge.FindConflicts(toner, night);

        Assert.Contains(conflicts, c => c.Id == "retinoid-exfoliating-acid");
    }

    [Fact]
    public void FindConflicts_PeroxideAndAdapalene_Caution()
    {
        IReadOnlyList<ActiveIngredient> first = s_knowledge.FindActives(["Benzoyl Peroxide"]);
        IReadOnlyList<ActiveIngredient> second = s_knowledge.FindActives(["Adapalene"]);

        IReadOnlyList<ConflictRule> conflicts = s_knowledge.FindConflicts(first, second);

        Assert.Single(conflicts);
        Assert.Equal("caution", conflicts[0].Severity);
    }

    [Fact]
    public void FindContraindications_PregnancyAndRetinal_ReturnsAvoid()
    {
        IReadOnlyList<ActiveIngredient> actives = s_knowledge.FindActives(["Water", "Retinal"]);

        IReadOnlyList<Contraindication> rules = s_knowledge.FindContraindications(Conditions.Pregnancy, actives);

        Assert.Contains(rules, r => r.Id == "pregnancy-retinoids" && r.Severity == "avoid");
    }

    [Fact]
    public void FindContraindications_SunAndLacticAcid_RequiresSunscreen()
    {
        IReadOnlyList<ActiveIngredient> actives = s_knowledge.FindActives(["Lactic Acid"]);

        IReadOnlyList<Contraindication> rules = s_knowledge.FindContraindications(Conditions.SunExposure, actives);

        Assert.Contains(rules, r => r.Severity == "requires-sunscreen");
    }

    [Fact]
    public void Load_RuleNamesUnknownClass_ThrowsInvalidData()
    {
        const string json = """
            { "actives": [], "conflicts": [ { "id": "x", "left": ["nope"], "right": ["nope"],
              "reason": "r", "source": "s" } ] }
            """;
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));

        var error = Assert.Throws<InvalidDataException>(() => IngredientKnowledge.Load(stream));

        Assert.Contains("nope", error.Message);
    }
}
