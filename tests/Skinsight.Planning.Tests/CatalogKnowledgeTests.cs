using Skinsight.Core.Analysis;
using Skinsight.Core.Catalog;
using Skinsight.Core.Plans;
using Skinsight.Core.Profiles;
using Skinsight.Planning.Knowledge;

namespace Skinsight.Planning.Tests;

/// <summary>The planner against the catalog's shipped knowledge table rather than the fake.</summary>
public class CatalogKnowledgeTests
{
    private static readonly CatalogKnowledge s_knowledge = CatalogKnowledge.LoadDefault();
    private readonly RoutinePlanner _planner = new(s_knowledge);

    [Fact]
    public void Conflicts_RetinoidAndAha_ExpandedToIds()
    {
        Assert.Contains(s_knowledge.Conflicts, c => c.Involves("retinol", "glycolic-acid"));
        Assert.Contains(s_knowledge.Conflicts, c => c.Involves("ascorbic-acid", "lactic-acid"));
        Assert.DoesNotContain(s_knowledge.Conflicts, c => c.Involves("retinol", "retinyl-esters"));
    }

    [Fact]
    public void Contraindications_BreastfeedingCaution_IsHard()
    {
        Assert.Contains(s_knowledge.Contraindications,
            c => c.ActiveId == "retinol" && c.Condition == RiskCondition.Breastfeeding);
        Assert.Contains(s_knowledge.Contraindications,
            c => c.ActiveId == "drying-alcohol" && c.Condition == RiskCondition.SensitiveSkin);
        Assert.DoesNotContain(s_knowledge.Contraindications,
            c => c.ActiveId == "glycolic-acid" && c.Condition == RiskCondition.SensitiveSkin);
    }

    [Theory]
    [InlineData("drying-alcohol")]
    [InlineData("Drying-Alcohol")]
    [InlineData(" DRYING-ALCOHOL ")]
    public void FindGroupMembers_ActiveClassInAnyCase_SameMembers(string group)
    {
        string[] ingredients = ["Water", "Alcohol Denat.", "Glycerin"];

        IReadOnlyList<string>? members = s_knowledge.FindGroupMembers(group, ingredients);

        Assert.True(s_knowledge.IsKnownGroup(group));
        Assert.Equal(["Alcohol Denat."], members);
    }

    [Fact]
    public void Actives_UvFilters_NeverTreatments()
    {
        Assert.Empty(s_knowledge.Actives.Single(a => a.Id == "zinc-oxide").Concerns);
        Assert.True(s_knowledge.Actives.Single(a => a.Id == "retinol").Has(ActiveTraits.Retinoid));
        Assert.True(s_knowledge.Actives.Single(a => a.Id == "salicylic-acid").Has(ActiveTraits.ExfoliatingAcid));
    }

    [Fact]
    public void Actives_PrescriptionOrBanned_NeverTreatments()
    {
        Assert.Empty(s_knowledge.Actives.Single(a => a.Id == "tretinoin").Concerns);
        Assert.Empty(s_knowledge.Actives.Single(a => a.Id == "hydroquinone").Concerns);
        Assert.NotEmpty(s_knowledge.Actives.Single(a => a.Id == "adapalene").Concerns);
    }

    [Fact]
    public void Build_IngredientLevel_RecommendsNoPrescriptionActive()
    {
        var profile = new SkinProfile { Concerns = [Concerns.Acne, Concerns.Wrinkles, Concerns.DarkSpots] };

        SkincarePlan plan = _planner.Build(profile, null, []);

        Assert.DoesNotContain(Steps(plan), s => s.Ingredients.Any(i => i.StartsWith("Tretinoin", StringComparison.Ordinal)));
        Assert.DoesNotContain(Steps(plan), s => s.Ingredients.Contains("Hydroquinone"));
        Assert.Contains(Steps(plan), s => s.Step == RoutineSteps.Treat);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Build_PregnantOrBreastfeeding_NoRetinoidHydroquinoneOrSalicylic(bool pregnant, bool breastfeeding)
    {
        var profile = new SkinProfile
        {
            Pregnant = pregnant,
            Breastfeeding = breastfeeding,
            Concerns = [Concerns.Wrinkles, Concerns.DarkSpots, Concerns.Acne],
        };

        SkincarePlan plan = _planner.Build(profile, null, Catalog());

        string[] chosen = [.. Steps(plan).Where(s => s.Product is not null).Select(s => s.Product!.Id)];
        Assert.DoesNotContain("test:retinol-serum", chosen);
        Assert.DoesNotContain("test:tretinoin-cream", chosen);
        Assert.DoesNotContain("test:hydroquinone-cream", chosen);
        Assert.DoesNotContain("test:salicylic-serum", chosen);
        Assert.DoesNotContain(Steps(plan), s => s.Ingredients.Any(i => i.Contains("retin", StringComparison.OrdinalIgnoreCase)));
    }

    [Theory]
    [InlineData("fragrance", "Linalool")]
    [InlineData("fragrance", "Parfum")]
    [InlineData("nuts", "Prunus Amygdalus Dulcis Oil")]
    public void Build_Allergy_ExcludesGroupMember(string allergy, string ingredient)
    {
        List<Product> catalog = Catalog();
        catalog.Add(TestProducts.Make("allergen-cream", ProductCategory.Moisturiser, 15, ["Water", ingredient], rating: 5));

        SkincarePlan plan = _planner.Build(new SkinProfile { Allergies = [allergy] }, null, catalog);

        Assert.DoesNotContain(Steps(plan), s => s.Product?.Id == "test:allergen-cream");
        Assert.Contains(plan.Warnings, w => w.Rule == PlanRules.Allergen && w.Message.Contains(ingredient));
    }

    [Fact]
    public void Build_FragranceAllergyNotSensitive_ExcludesEssentialOils()
    {
        List<Product> catalog = Catalog();
        catalog.Add(TestProducts.Make("oil-cleanser", ProductCategory.Cleanser, 5,
            ["Water", "Lavandula Angustifolia Oil", "Citrus Paradisi Peel Oil", "Pelargonium Graveolens Flower Oil", "Tea Tree Leaf Oil"],
            rating: 5));
        catalog.Add(TestProducts.Make("neroli-cream", ProductCategory.Moisturiser, 5,
            ["Water", "Squalane", "Citrus Aurantium Amara (Neroli) Oil"], rating: 5));
        var profile = new SkinProfile
        {
            Age = 27, SkinType = SkinType.Normal, Concerns = [Concerns.Dullness, Concerns.Wrinkles],
            Allergies = ["fragrance"], BudgetUsd = 100,
        };

        SkincarePlan plan = _planner.Build(profile, null, catalog);

        Assert.DoesNotContain(Steps(plan), s => s.Product?.Id == "test:oil-cleanser");
        Assert.DoesNotContain(Steps(plan), s => s.Product?.Id == "test:neroli-cream");
    }

    [Theory]
    [InlineData("peanuts", "Arachis Hypogaea (Peanut) Oil")]
    [InlineData("fragrance-free", "Parfum")]
    [InlineData("Fragrance Free", "Lavandula Angustifolia Oil")]
    public void Build_AllergyAlias_MapsToGroup(string allergy, string ingredient)
    {
        List<Product> catalog = Catalog();
        catalog.Add(TestProducts.Make("allergen-cream", ProductCategory.Moisturiser, 15, ["Water", ingredient], rating: 5));

        SkincarePlan plan = _planner.Build(new SkinProfile { Allergies = [allergy] }, null, catalog);

        Assert.DoesNotContain(Steps(plan), s => s.Product?.Id == "test:allergen-cream");
        Assert.DoesNotContain(plan.Warnings, w => w.Rule == PlanRules.AllergyNotRecognised);
    }

    [Fact]
    public void Build_UnknownAllergy_WarnsNotRecognised()
    {
        SkincarePlan plan = _planner.Build(new SkinProfile { Allergies = ["kiwi fruit", "nuts"] }, null, Catalog());

        PlanWarning warning = Assert.Single(plan.Warnings, w => w.Rule == PlanRules.AllergyNotRecognised);
        Assert.Contains("'kiwi fruit'", warning.Message);
        Assert.Contains("exact ingredient names", warning.Message);
    }

    [Fact]
    public void Build_SeveralUnknownAllergies_OneWarningNamesAll()
    {
        SkincarePlan plan = _planner.Build(new SkinProfile { Allergies = ["kiwi fruit", "zorblax", "nuts"] }, null, Catalog());

        PlanWarning warning = Assert.Single(plan.Warnings, w => w.Rule == PlanRules.AllergyNotRecognised);
        Assert.Contains("'kiwi fruit' and 'zorblax' are not known allergen groups", warning.Message);
    }

    [Fact]
    public void Build_NoCatalogUnknownAllergy_AdvisedOnce()
    {
        var profile = new SkinProfile { Allergies = ["zorblax", "nuts"], FreeOf = ["zorblax", "Nuts"] };

        SkincarePlan plan = _planner.Build(profile, null, []);

        Assert.Single(plan.Warnings, w => w.Rule == PlanRules.AllergyNotRecognised);
        Assert.DoesNotContain(plan.Warnings, w => w.Rule == PlanRules.Allergen && w.Message.Contains("zorblax"));
        Assert.Single(plan.Warnings, w => w.Rule == PlanRules.Allergen && w.Message.Contains("nuts"));
        Assert.DoesNotContain(plan.Warnings, w => w.Rule == PlanRules.FreeOf);
    }

    [Fact]
    public void Build_SensitiveWithThreeConcerns_StaggersTwoActives()
    {
        List<Product> catalog = Catalog();
        catalog.Add(TestProducts.Serum("mandelic-serum", 20, "Mandelic Acid"));
        catalog.Add(TestProducts.Serum("azelaic-serum", 25, "Azelaic Acid"));
        var profile = new SkinProfile { Sensitive = true, Concerns = [Concerns.Acne, Concerns.Wrinkles, Concerns.DarkSpots] };

        SkincarePlan plan = _planner.Build(profile, null, catalog);

        var treats = Steps(plan).Where(s => s.Step == RoutineSteps.Treat).ToList();
        var actives = treats.Select(s => s.Ingredients[0]).Distinct().ToList();
        Assert.InRange(actives.Count, 1, 2);
        Assert.Equal(actives.Count - 1, treats.Where(s => s.Frequency.Contains("start only after")).Select(s => s.Ingredients[0]).Distinct().Count());
        Assert.Contains(plan.Warnings, w => w.Rule == PlanRules.SensitiveStaggerActives);
    }

    [Fact]
    public void Build_NotSensitiveWithThreeConcerns_StartsThreeActives()
    {
        List<Product> catalog = Catalog();
        catalog.Add(TestProducts.Serum("azelaic-serum", 25, "Azelaic Acid"));
        var profile = new SkinProfile { Concerns = [Concerns.Acne, Concerns.Wrinkles, Concerns.DarkSpots] };

        SkincarePlan plan = _planner.Build(profile, null, catalog);

        Assert.DoesNotContain(Steps(plan), s => s.Frequency.Contains("start only after"));
    }

    [Theory]
    [InlineData("Alcohol Denat.")]
    [InlineData("Lavandula Angustifolia Oil")]
    public void Build_Sensitive_ExcludesIrritant(string ingredient)
    {
        List<Product> catalog = Catalog();
        catalog.Add(TestProducts.Make("irritant-cleanser", ProductCategory.Cleanser, 5, ["Water", ingredient], rating: 5));

        SkincarePlan plan = _planner.Build(new SkinProfile { Sensitive = true }, null, catalog);

        Assert.Equal("test:cleanser", plan.Am[0].Product?.Id);
    }

    [Fact]
    public void Build_Sensitive_KeepsFattyAlcohol()
    {
        List<Product> catalog = Catalog();
        catalog.Add(TestProducts.Make("fatty-cleanser", ProductCategory.Cleanser, 5, ["Water", "Cetearyl Alcohol"], rating: 5));

        SkincarePlan plan = _planner.Build(new SkinProfile { Sensitive = true }, null, catalog);

        Assert.Equal("test:fatty-cleanser", plan.Am[0].Product?.Id);
    }

    [Fact]
    public void Build_RetinolAndGlycolic_AlternateNights()
    {
        var profile = new SkinProfile { Concerns = [Concerns.Wrinkles, Concerns.Dullness] };
        List<Product> catalog = Catalog();
        catalog.RemoveAll(p => p.SourceId == "tretinoin-cream");

        SkincarePlan plan = _planner.Build(profile, null, catalog);

        RoutineStep retinoid = Assert.Single(plan.Pm, s => s.Ingredients.Contains("Retinol"));
        RoutineStep acid = Assert.Single(plan.Pm, s => s.Ingredients.Contains("Glycolic acid"));
        Assert.Empty(retinoid.Days!.Intersect(acid.Days!));
        Assert.DoesNotContain(plan.Am, s => s.Ingredients.Contains("Retinol") || s.Ingredients.Contains("Glycolic acid"));
    }

    [Fact]
    public void Build_MaxRandomNames_CachesStopGrowing()
    {
        var knowledge = CatalogKnowledge.LoadDefault();
        var planner = new RoutinePlanner(knowledge);
        List<Product> catalog = Catalog();
        catalog.Add(TestProducts.Make("fragrant-cream", ProductCategory.Moisturiser, 15, ["Water", "Parfum", "Linalool"], rating: 5));
        var random = new Random(11);
        planner.Build(MaxNamesProfile(random), null, catalog);
        int cached = knowledge.CachedEntryCount;

        for (int i = 0; i < 5; i++)
        {
            SkincarePlan plan = planner.Build(MaxNamesProfile(random), null, catalog);

            Assert.Single(plan.Warnings, w => w.Rule == PlanRules.AllergyNotRecognised);
            Assert.DoesNotContain(Steps(plan), s => s.Product?.Id == "test:fragrant-cream");
            Assert.Equal(cached, knowledge.CachedEntryCount);
        }
    }

    /// <summary>
    /// A profile with the most names the reader accepts: random words as allergies and "free of" wishes, and
    /// spellings of the fragrance group, one of them of the longest length, as past reactions.
    /// </summary>
    private static SkinProfile MaxNamesProfile(Random random)
    {
        string[] Words() => [.. Enumerable.Range(0, ProfileReader.MaxNames).Select(_ => CatalogIndexTests.RandomWord(random))];
        string longest = "Fragrance " + new string('!', ProfileReader.MaxNameLength - "Fragrance ".Length);
        string[] spellings = [longest, .. Enumerable.Range(1, ProfileReader.MaxNames - 1).Select(i => "fragrance" + new string('.', random.Next(1, 20)))];
        return new SkinProfile
        {
            Concerns = [Concerns.Acne, Concerns.Dryness],
            Allergies = Words(),
            FreeOf = Words(),
            PastReactions = spellings,
        };
    }

    private static List<Product> Catalog() =>
    [
        TestProducts.Cleanser("cleanser"),
        TestProducts.Moisturiser("moisturiser"),
        TestProducts.Sunscreen("sunscreen", 50),
        TestProducts.Serum("retinol-serum", 40, "Retinol"),
        TestProducts.Make("tretinoin-cream", ProductCategory.Serum, 30, ["Water", "Tretinoin"], rating: 5),
        TestProducts.Serum("glycolic-toner", 20, "Glycolic acid"),
        TestProducts.Serum("salicylic-serum", 22, "Salicylic Acid"),
        TestProducts.Serum("bpo-gel", 15, "Benzoyl Peroxide"),
        TestProducts.Serum("niacinamide-serum", 12, "Niacinamide"),
        TestProducts.Serum("vitamin-c-serum", 30, "Ascorbic Acid"),
        TestProducts.Serum("hydroquinone-cream", 28, "Hydroquinone"),
        TestProducts.Serum("azelaic-serum", 25, "Azelaic Acid"),
        TestProducts.Serum("hyaluronic-serum", 18, "Sodium Hyaluronate"),
    ];

    private static IEnumerable<RoutineStep> Steps(SkincarePlan plan) => plan.Am.Concat(plan.Pm);
}
