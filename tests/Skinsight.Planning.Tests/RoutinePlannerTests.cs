using Skinsight.Core.Analysis;
using Skinsight.Core.Catalog;
using Skinsight.Core.Plans;
using Skinsight.Core.Profiles;

namespace Skinsight.Planning.Tests;

public class RoutinePlannerTests
{
    private readonly RoutinePlanner _planner = new(new FakeKnowledge());

    [Fact]
    public void Build_Pregnant_NeverChoosesRetinoid()
    {
        var profile = new SkinProfile { Pregnant = true, Concerns = [Concerns.Wrinkles, Concerns.Acne] };

        SkincarePlan plan = _planner.Build(profile, null, TestProducts.Basic());

        Assert.DoesNotContain("test:retinol-serum", ProductIds(plan));
        Assert.DoesNotContain(AllSteps(plan), s => s.Ingredients.Contains("Retinol"));
        Assert.Contains(plan.Warnings, w => w.Rule == "pregnancy-no-retinoid");
        Assert.Contains(plan.Pm, s => s.Ingredients.Contains("Bakuchiol"));
    }

    [Fact]
    public void Build_Breastfeeding_NeverChoosesRetinoid()
    {
        var profile = new SkinProfile { Breastfeeding = true, Concerns = [Concerns.Wrinkles] };

        SkincarePlan plan = _planner.Build(profile, null, TestProducts.Basic());

        Assert.DoesNotContain("test:retinol-serum", ProductIds(plan));
        Assert.Contains(plan.Warnings, w => w.Rule == "breastfeeding-no-retinoid");
    }

    [Fact]
    public void Build_Pregnant_NoHydroquinoneOrSalicylicAcid()
    {
        var profile = new SkinProfile { Pregnant = true, Concerns = [Concerns.DarkSpots, Concerns.Pores] };

        SkincarePlan plan = _planner.Build(profile, null, TestProducts.Basic());

        Assert.DoesNotContain("test:hydroquinone-cream", ProductIds(plan));
        Assert.DoesNotContain("test:salicylic-serum", ProductIds(plan));
        Assert.Contains(plan.Warnings, w => w.Rule == "pregnancy-no-hydroquinone");
        Assert.Contains(plan.Warnings, w => w.Rule == "pregnancy-no-salicylic-acid");
    }

    [Fact]
    public void Build_PregnantWithRetinolMoisturiser_ExcludesIt()
    {
        List<Product> catalog =
        [
            TestProducts.Cleanser("cleanser"),
            TestProducts.Moisturiser("retinol-cream", 20, "Retinyl Palmitate"),
            TestProducts.Moisturiser("plain-cream", 30),
            TestProducts.Sunscreen("sunscreen", 50),
        ];
        var profile = new SkinProfile { Pregnant = true };

        SkincarePlan plan = _planner.Build(profile, null, catalog);

        Assert.DoesNotContain("test:retinol-cream", ProductIds(plan));
        Assert.Contains("test:plain-cream", ProductIds(plan));
    }

    [Theory]
    [InlineData("Linalool")]
    [InlineData("Parfum")]
    public void Build_FragranceAllergy_ExcludesFragranceIngredient(string ingredient)
    {
        List<Product> catalog =
        [
            TestProducts.Cleanser("cleanser"),
            TestProducts.Make("scented-cream", ProductCategory.Moisturiser, 20, ["Water", "Glycerin", ingredient], rating: 5),
            TestProducts.Make("plain-cream", ProductCategory.Moisturiser, 20, ["Water", "Glycerin"], rating: 3),
            TestProducts.Sunscreen("sunscreen", 50),
        ];
        var profile = new SkinProfile { Allergies = ["fragrance"] };

        SkincarePlan plan = _planner.Build(profile, null, catalog);

        Assert.DoesNotContain("test:scented-cream", ProductIds(plan));
        Assert.Contains("test:plain-cream", ProductIds(plan));
        PlanWarning warning = Assert.Single(plan.Warnings, w => w.Rule == PlanRules.Allergen);
        Assert.Contains(ingredient, warning.Message);
    }

    [Fact]
    public void Build_AllergyOutsideKnownGroups_MatchesIngredientName()
    {
        List<Product> catalog =
        [
            TestProducts.Cleanser("cleanser"),
            TestProducts.Moisturiser("lanolin-cream", 20, "Lanolin Alcohol"),
            TestProducts.Moisturiser("plain-cream", 25),
            TestProducts.Sunscreen("sunscreen", 50),
        ];
        var profile = new SkinProfile { Allergies = ["lanolin"] };

        SkincarePlan plan = _planner.Build(profile, null, catalog);

        Assert.DoesNotContain("test:lanolin-cream", ProductIds(plan));
    }

    [Fact]
    public void Build_UnknownAllergy_ReasonPromisesNoFreeOf()
    {
        List<Product> catalog =
        [
            TestProducts.Cleanser("cleanser"),
            TestProducts.Moisturiser("plain-cream", 25),
            TestProducts.Sunscreen("sunscreen", 50),
        ];
        var profile = new SkinProfile { Allergies = ["peanutz"] };

        SkincarePlan plan = _planner.Build(profile, null, catalog);

        string reasons = string.Concat(plan.Am.Concat(plan.Pm).Select(s => s.Reason));
        Assert.DoesNotContain("Free of peanutz", reasons, StringComparison.Ordinal);
        Assert.Contains("No ingredient name contains 'peanutz'.", reasons, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Sensitive_AvoidsFragranceAndDryingAlcohol()
    {
        List<Product> catalog =
        [
            TestProducts.Make("alcohol-cleanser", ProductCategory.Cleanser, 8, ["Water", "Alcohol Denat."], rating: 5),
            TestProducts.Make("fatty-alcohol-cleanser", ProductCategory.Cleanser, 9, ["Water", "Cetyl Alcohol"], rating: 3),
            TestProducts.Make("scented-cream", ProductCategory.Moisturiser, 20, ["Water", "Limonene"], rating: 5),
            TestProducts.Make("plain-cream", ProductCategory.Moisturiser, 20, ["Water", "Glycerin"], rating: 3),
            TestProducts.Sunscreen("sunscreen", 50),
        ];
        var profile = new SkinProfile { Sensitive = true };

        SkincarePlan plan = _planner.Build(profile, null, catalog);

        Assert.Equal(["test:fatty-alcohol-cleanser", "test:plain-cream", "test:sunscreen"], ProductIds(plan).Order());
        Assert.Contains(plan.Warnings, w => w.Rule == PlanRules.SensitiveNoFragrance);
        Assert.Contains(plan.Warnings, w => w.Rule == PlanRules.SensitiveNoDryingAlcohol);
    }

    [Theory]
    [InlineData(false, false, false)]
    [InlineData(true, false, true)]
    [InlineData(false, true, false)]
    [InlineData(true, true, true)]
    public void Build_AnyProfile_SunscreenLastInMorningOnly(bool pregnant, bool sensitive, bool emptyCatalog)
    {
        var profile = new SkinProfile
        {
            Pregnant = pregnant,
            Sensitive = sensitive,
            Concerns = [Concerns.Wrinkles, Concerns.Texture, Concerns.Acne],
        };

        SkincarePlan plan = _planner.Build(profile, null, emptyCatalog ? [] : TestProducts.Basic());

        Assert.Equal(RoutineSteps.Sunscreen, plan.Am[^1].Step);
        Assert.Equal(RoutineSteps.Cleanse, plan.Am[0].Step);
        Assert.DoesNotContain(plan.Pm, s => s.Step == RoutineSteps.Sunscreen);
    }

    [Fact]
    public void Build_OnlyLowSpf_IngredientSunscreen()
    {
        List<Product> catalog =
        [
            TestProducts.Cleanser("cleanser"),
            TestProducts.Moisturiser("cream"),
            TestProducts.Sunscreen("weak-sunscreen", 15),
        ];

        SkincarePlan plan = _planner.Build(new SkinProfile(), null, catalog);

        RoutineStep sunscreen = plan.Am[^1];
        Assert.Equal(RoutineSteps.Sunscreen, sunscreen.Step);
        Assert.Null(sunscreen.Product);
        Assert.Contains("SPF 30", sunscreen.Reason);
        Assert.Contains(plan.Warnings, w => w.Rule == PlanRules.SunscreenNoProduct);
    }

    [Fact]
    public void Build_Sunscreens_ChoosesSpf30OrMore()
    {
        List<Product> catalog =
        [
            TestProducts.Make("weak", ProductCategory.Sunscreen, 10, ["Water", "Zinc Oxide"], rating: 5, name: "Weak SPF 15"),
            TestProducts.Make("strong", ProductCategory.Sunscreen, 30, ["Water", "Zinc Oxide"], rating: 3, name: "Strong SPF 30"),
        ];

        SkincarePlan plan = _planner.Build(new SkinProfile(), null, catalog);

        Assert.Equal("test:strong", plan.Am[^1].Product?.Id);
    }

    [Fact]
    public void Build_SeveralConcerns_ReasonsListThemAsWords()
    {
        var profile = new SkinProfile { Concerns = [Concerns.Acne, Concerns.DarkSpots, Concerns.Redness] };

        SkincarePlan plan = _planner.Build(profile, null, TestProducts.Basic());

        RoutineStep cleanse = plan.Am[0];
        Assert.Equal(RoutineSteps.Cleanse, cleanse.Step);
        Assert.Contains("acne, dark spots and redness", cleanse.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("dark-spots", string.Concat(plan.Am.Concat(plan.Pm).Select(s => s.Reason)), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_MinimalRoutine_BasicsNameOnlyTreatedConcerns()
    {
        var profile = new SkinProfile
        {
            Concerns = [Concerns.Acne, Concerns.DarkSpots, Concerns.Wrinkles],
            RoutineLength = RoutineLength.Minimal,
        };

        SkincarePlan plan = _planner.Build(profile, null, TestProducts.Basic());

        var treated = plan.Am.Concat(plan.Pm).Where(s => s.Step == RoutineSteps.Treat).SelectMany(s => s.Concerns).ToHashSet();
        RoutineStep cleanse = plan.Am.First(s => s.Step == RoutineSteps.Cleanse);
        Assert.NotEqual(3, treated.Count);
        Assert.All(cleanse.Concerns, c => Assert.Contains(c, treated));
    }

    [Fact]
    public void Build_Photosensitisers_EveningOnly()
    {
        var profile = new SkinProfile { Concerns = [Concerns.Wrinkles, Concerns.Texture, Concerns.Dullness] };

        SkincarePlan plan = _planner.Build(profile, null, TestProducts.Basic());

        Assert.DoesNotContain(plan.Am, s => s.Ingredients.Contains("Retinol") || s.Ingredients.Contains("Glycolic Acid"));
        Assert.Contains(plan.Pm, s => s.Ingredients.Contains("Retinol"));
        Assert.Contains(plan.Pm, s => s.Ingredients.Contains("Glycolic Acid"));
        Assert.Contains(plan.Warnings, w => w.Rule == PlanRules.PhotosensitiserEveningOnly);
        Assert.Contains("Retinol", plan.Am[^1].Reason);
    }

    [Fact]
    public void Build_RetinoidAndAcid_AlternateNights()
    {
        var profile = new SkinProfile { Concerns = [Concerns.Wrinkles, Concerns.Dullness] };

        SkincarePlan plan = _planner.Build(profile, null, TestProducts.Basic());

        RoutineStep retinoid = Assert.Single(plan.Pm, s => s.Ingredients.Contains("Retinol"));
        RoutineStep acid = Assert.Single(plan.Pm, s => s.Ingredients.Contains("Glycolic Acid"));
        Assert.NotNull(retinoid.Days);
        Assert.NotNull(acid.Days);
        Assert.Empty(retinoid.Days.Intersect(acid.Days));
        Assert.Contains(plan.Warnings, w => w.Rule == PlanRules.ConflictAlternateNights);
    }

    [Fact]
    public void Build_RetinoidAndPeroxide_SplitRoutines()
    {
        var planner = new RoutinePlanner(new FakeKnowledge(new Dictionary<string, string[]>
        {
            [FakeKnowledge.Retinol] = [Concerns.Wrinkles],
        }));
        var profile = new SkinProfile { Concerns = [Concerns.Wrinkles, Concerns.Acne] };
        List<Product> catalog = TestProducts.Basic();
        catalog.RemoveAll(p => p.SourceId is "salicylic-serum" or "niacinamide-serum");

        SkincarePlan plan = planner.Build(profile, null, catalog);

        Assert.Contains(plan.Pm, s => s.Ingredients.Contains("Retinol"));
        Assert.Contains(plan.Am, s => s.Ingredients.Contains("Benzoyl Peroxide"));
        Assert.DoesNotContain(plan.Pm, s => s.Ingredients.Contains("Benzoyl Peroxide"));
        Assert.Contains(plan.Warnings, w => w.Rule == PlanRules.ConflictMoved);
    }

    [Fact]
    public void Build_ProductWithConflictingPair_NeverChosen()
    {
        List<Product> catalog =
        [
            TestProducts.Cleanser("cleanser"),
            TestProducts.Moisturiser("cream"),
            TestProducts.Sunscreen("sunscreen", 50),
            TestProducts.Make("combo-serum", ProductCategory.Serum, 30, ["Retinol", "Glycolic Acid"], rating: 5),
            TestProducts.Serum("retinol-serum", 40, "Retinol"),
        ];
        var profile = new SkinProfile { Concerns = [Concerns.Wrinkles] };

        SkincarePlan plan = _planner.Build(profile, null, catalog);

        Assert.DoesNotContain("test:combo-serum", ProductIds(plan));
        Assert.Contains("test:retinol-serum", ProductIds(plan));
    }

    [Theory]
    [InlineData("wrinkles,texture,dark-spots")]
    [InlineData("acne,wrinkles,dullness")]
    [InlineData("dark-spots,acne,texture")]
    public void Build_AnyConcerns_NoConflictSharesASlot(string concerns)
    {
        var knowledge = new FakeKnowledge();
        var profile = new SkinProfile { Concerns = concerns.Split(',') };

        SkincarePlan plan = _planner.Build(profile, null, TestProducts.Basic());

        foreach (IReadOnlyList<RoutineStep> routine in new[] { plan.Am, plan.Pm })
        {
            for (int i = 0; i < routine.Count; i++)
            {
                for (int j = i + 1; j < routine.Count; j++)
                {
                    bool sameDay = routine[i].Days is null || routine[j].Days is null
                        || routine[i].Days!.Intersect(routine[j].Days!).Any();
                    bool conflict = knowledge.Conflicts.Any(c =>
                        (routine[i].Ingredients.Contains(Name(knowledge, c.FirstActiveId)) && routine[j].Ingredients.Contains(Name(knowledge, c.SecondActiveId)))
                        || (routine[i].Ingredients.Contains(Name(knowledge, c.SecondActiveId)) && routine[j].Ingredients.Contains(Name(knowledge, c.FirstActiveId))));
                    Assert.False(sameDay && conflict, $"{routine[i].Reason} / {routine[j].Reason}");
                }
            }
        }
    }

    [Fact]
    public void Build_Retinoid_RampsUpFromTwoNights()
    {
        var profile = new SkinProfile { Concerns = [Concerns.Wrinkles] };

        SkincarePlan plan = _planner.Build(profile, null, TestProducts.Basic());

        RoutineStep retinoid = Assert.Single(plan.Pm, s => s.Step == RoutineSteps.Treat);
        Assert.StartsWith("2 nights a week", retinoid.Frequency);
        Assert.Contains("then 3 nights a week", retinoid.Frequency);
        Assert.Contains("then nightly", retinoid.Frequency);
        Assert.Null(retinoid.Days);
        Assert.Contains("Patch-test", retinoid.Reason);
    }

    [Fact]
    public void Build_ExfoliatingAcid_TwoToThreeTimesAWeek()
    {
        var profile = new SkinProfile { Concerns = [Concerns.Texture] };
        List<Product> catalog = TestProducts.Basic();
        catalog.RemoveAll(p => p.SourceId == "retinol-serum");

        SkincarePlan plan = _planner.Build(profile, null, catalog);

        RoutineStep acid = Assert.Single(plan.Pm, s => s.Step == RoutineSteps.Treat);
        Assert.Contains("Glycolic Acid", acid.Ingredients);
        Assert.StartsWith("2 evenings a week", acid.Frequency);
        Assert.Equal(3, acid.Days?.Count);
    }

    [Fact]
    public void Build_WithinBudget_KeepsBestProducts()
    {
        var profile = new SkinProfile { Concerns = [Concerns.Redness], BudgetUsd = 100 };

        SkincarePlan plan = _planner.Build(profile, null, TestProducts.Basic());

        // Hand sum: cleanser 10 + moisturiser 20 + sunscreen 25 + niacinamide serum 12.
        Assert.Equal(67m, plan.TotalPriceUsd);
        Assert.DoesNotContain(plan.Warnings, w => w.Rule == PlanRules.Budget);
    }

    [Fact]
    public void Build_OverBudget_KeepsSunscreen()
    {
        List<Product> catalog =
        [
            TestProducts.Make("luxury-cleanser", ProductCategory.Cleanser, 60, ["Water"], rating: 5),
            TestProducts.Make("cheap-cleanser", ProductCategory.Cleanser, 8, ["Water"], rating: 3),
            TestProducts.Moisturiser("cream", 30),
            TestProducts.Sunscreen("sunscreen", 50, 25),
            TestProducts.Serum("retinol-serum", 45, "Retinol"),
        ];
        var profile = new SkinProfile { Concerns = [Concerns.Wrinkles], BudgetUsd = 65 };

        SkincarePlan plan = _planner.Build(profile, null, catalog);

        // Best picks cost 60 + 30 + 25 + 45 = 160. The retinol serum has the lowest keep rank and no cheaper
        // alternative, so it is dropped; the cleanser is swapped: 8 + 30 + 25 = 63.
        Assert.Equal(63m, plan.TotalPriceUsd);
        Assert.True(plan.TotalPriceUsd <= profile.BudgetUsd);
        Assert.Equal("test:sunscreen", plan.Am[^1].Product?.Id);
        Assert.Contains("test:cheap-cleanser", ProductIds(plan));
        RoutineStep treat = Assert.Single(plan.Pm, s => s.Step == RoutineSteps.Treat);
        Assert.Null(treat.Product);
        Assert.Contains(plan.Warnings, w => w.Rule == PlanRules.Budget);
    }

    [Fact]
    public void Build_BudgetBelowSunscreen_KeepsSunscreenAndWarns()
    {
        var profile = new SkinProfile { BudgetUsd = 5 };

        SkincarePlan plan = _planner.Build(profile, null, TestProducts.Basic());

        Assert.Equal("test:sunscreen", plan.Am[^1].Product?.Id);
        Assert.Equal(25m, plan.TotalPriceUsd);
        PlanWarning warning = Assert.Single(plan.Warnings, w => w.Rule == PlanRules.Budget);
        Assert.Contains("sunscreen is never dropped", warning.Message);
    }

    [Fact]
    public void Build_EmptyCatalog_GivesIngredientLevelPlan()
    {
        var profile = new SkinProfile { Concerns = [Concerns.Acne, Concerns.Dryness], Allergies = ["fragrance"] };

        SkincarePlan plan = _planner.Build(profile, null, []);

        Assert.False(plan.FromCatalog);
        Assert.Equal(0m, plan.TotalPriceUsd);
        Assert.All(plan.Am.Concat(plan.Pm), s => Assert.Null(s.Product));
        Assert.All(plan.Am.Concat(plan.Pm), s => Assert.NotEmpty(s.Ingredients));
        Assert.Equal(
            [RoutineSteps.Cleanse, RoutineSteps.Moisturise, RoutineSteps.Sunscreen],
            plan.Am.Select(s => s.Step).Where(s => s != RoutineSteps.Treat));
        Assert.Contains(plan.Am.Concat(plan.Pm), s => s.Ingredients.Contains("Hyaluronic Acid"));
        Assert.Contains(plan.Warnings, w => w.Rule == PlanRules.Allergen);
    }

    [Fact]
    public void Build_TreatStep_ReasonNamesConcernAndIngredient()
    {
        var profile = new SkinProfile { Concerns = [Concerns.Redness] };

        SkincarePlan plan = _planner.Build(profile, null, TestProducts.Basic());

        RoutineStep treat = Assert.Single(plan.Pm, s => s.Step == RoutineSteps.Treat);
        Assert.Contains("Niacinamide", treat.Reason);
        Assert.Contains(Concerns.Redness, treat.Reason);
        Assert.All(plan.Am.Concat(plan.Pm), s => Assert.Contains(Concerns.Redness, s.Reason));
    }

    [Fact]
    public void Build_PhotoAndQuestionnaire_MergesBySeverity()
    {
        var profile = new SkinProfile { Concerns = [Concerns.Acne, Concerns.Dryness] };
        SkinAnalysis analysis = Analysis(
            [new(Concerns.Acne, 0.1, "photo"), new(Concerns.Redness, 0.8, "photo"), new(Concerns.Pores, 0.2, "photo")],
            [new MedicalFlag("see-dermatologist", "A lesion looks irregular.", 0.7)]);

        SkincarePlan plan = _planner.Build(profile, analysis, TestProducts.Basic());

        Assert.Equal([Concerns.Redness, Concerns.Dryness, Concerns.Acne], plan.Concerns.Select(c => c.Concern));
        Assert.Equal([0.8, null, 0.1], plan.Concerns.Select(c => c.Severity));
        Assert.Equal(["photo", "profile", "photo+profile"], plan.Concerns.Select(c => c.Source));
        Assert.Equal(3, plan.Warnings.Count(w => w.Rule == PlanRules.ConcernSourcesDisagree));
        Assert.Equal(analysis.Flags, plan.Flags);
    }

    [Fact]
    public void Build_ConcernPhotoMissed_WarningGivesNoSeverity()
    {
        var profile = new SkinProfile { Concerns = [Concerns.Dryness] };
        SkinAnalysis analysis = Analysis([new(Concerns.Redness, 0.8, "photo")], []);

        SkincarePlan plan = _planner.Build(profile, analysis, TestProducts.Basic());

        PlanWarning warning = Assert.Single(
            plan.Warnings, w => w.Rule == PlanRules.ConcernSourcesDisagree && w.Message.Contains("You listed dryness"));
        // Nothing measured dryness, so the warning may not state a severity for it.
        Assert.DoesNotContain("severity", warning.Message);
        Assert.Null(Assert.Single(plan.Concerns, c => c.Concern == Concerns.Dryness).Severity);
    }

    [Fact]
    public void Build_RejectedPhoto_UsesQuestionnaireOnly()
    {
        var profile = new SkinProfile { Concerns = [Concerns.Acne] };
        SkinAnalysis analysis = Analysis([new(Concerns.Redness, 0.9, "photo")], []) with { Mode = AnalysisMode.Rejected };

        SkincarePlan plan = _planner.Build(profile, analysis, TestProducts.Basic());

        Assert.Equal([Concerns.Acne], plan.Concerns.Select(c => c.Concern));
        Assert.Contains(plan.Warnings, w => w.Rule == PlanRules.PhotoRejected);
    }

    [Fact]
    public void Build_ReferredCloseUp_IgnoresPhoto()
    {
        var profile = new SkinProfile { Concerns = [Concerns.Acne] };
        SkinAnalysis analysis = Analysis(
            [new(Concerns.DarkSpots, 0.81, "photo"), new(Concerns.Texture, 1.0, "photo")],
            [new MedicalFlag(MedicalFlag.SeeDermatologistCode, "A lesion looks irregular.", 0.7)]) with { Mode = AnalysisMode.Closeup };

        SkincarePlan plan = _planner.Build(profile, analysis, TestProducts.Basic());

        Assert.Equal([Concerns.Acne], plan.Concerns.Select(c => c.Concern));
        PlanWarning warning = Assert.Single(plan.Warnings, w => w.Rule == PlanRules.PhotoShowsLesion);
        Assert.Contains("dermatologist", warning.Message);
        Assert.DoesNotContain(plan.Warnings, w => w.Rule == PlanRules.ConcernSourcesDisagree);
        Assert.Equal(analysis.Flags, plan.Flags);
    }

    [Fact]
    public void Build_MoleCloseUp_IgnoresPhoto()
    {
        var profile = new SkinProfile();
        var note = new QualityIssue(QualityIssue.SingleLesionCode, "One spot.", "Photograph your face.", Blocking: false);
        SkinAnalysis analysis = Analysis([new(Concerns.DarkSpots, 0.9, "photo")], []) with
        {
            Mode = AnalysisMode.Closeup,
            Quality = new QualityReport(true, 90, [note]),
        };

        SkincarePlan plan = _planner.Build(profile, analysis, TestProducts.Basic());

        Assert.Empty(plan.Concerns);
        Assert.DoesNotContain(AllSteps(plan), s => s.Step == RoutineSteps.Treat);
        PlanWarning warning = Assert.Single(plan.Warnings, w => w.Rule == PlanRules.PhotoShowsLesion);
        Assert.Contains("mole", warning.Message);
    }

    [Fact]
    public void Build_CheekCloseUp_UsesPhoto()
    {
        // A severe acne close-up may look like dermoscopy and get an outline, but without the note it is skin.
        SkinAnalysis analysis = Analysis([new(Concerns.Redness, 0.8, "photo")], []) with
        {
            Mode = AnalysisMode.Closeup,
            Lesion = new LesionOutline(20, 20, 100, 80, 30),
        };

        SkincarePlan plan = _planner.Build(new SkinProfile(), analysis, TestProducts.Basic());

        Assert.Equal([Concerns.Redness], plan.Concerns.Select(c => c.Concern));
        Assert.DoesNotContain(plan.Warnings, w => w.Rule == PlanRules.PhotoShowsLesion);
    }

    [Fact]
    public void Build_SkinTypeMismatch_SkipsProduct()
    {
        List<Product> catalog =
        [
            TestProducts.Make("oily-cleanser", ProductCategory.Cleanser, 10, ["Water"], rating: 5, skinTypes: ["oily"]),
            TestProducts.Make("dry-cleanser", ProductCategory.Cleanser, 10, ["Water"], rating: 3, skinTypes: ["dry", "normal"]),
            TestProducts.Sunscreen("sunscreen", 50),
        ];
        var profile = new SkinProfile { SkinType = SkinType.Dry };

        SkincarePlan plan = _planner.Build(profile, null, catalog);

        Assert.Equal("test:dry-cleanser", plan.Am[0].Product?.Id);
    }

    [Fact]
    public void Build_VitaminCAndAcid_SplitAcrossRoutines()
    {
        var planner = new RoutinePlanner(new FakeKnowledge(new Dictionary<string, string[]>
        {
            [FakeKnowledge.GlycolicAcid] = [Concerns.Texture],
        }));
        var profile = new SkinProfile { Concerns = [Concerns.Dullness, Concerns.Texture] };
        List<Product> catalog = TestProducts.Basic();
        catalog.RemoveAll(p => p.SourceId == "retinol-serum");

        SkincarePlan plan = planner.Build(profile, null, catalog);

        Assert.Contains(plan.Am, s => s.Ingredients.Contains("Ascorbic Acid"));
        Assert.Contains(plan.Pm, s => s.Ingredients.Contains("Glycolic Acid"));
    }

    [Fact]
    public void Build_FourConcerns_DefersFourth()
    {
        var profile = new SkinProfile { Concerns = [Concerns.Wrinkles, Concerns.Dullness, Concerns.Redness, Concerns.Dryness] };

        SkincarePlan plan = _planner.Build(profile, null, TestProducts.Basic());

        Assert.Equal(3, plan.Pm.Concat(plan.Am).Count(s => s.Step == RoutineSteps.Treat));
        PlanWarning warning = Assert.Single(plan.Warnings, w => w.Rule == PlanRules.ConcernNotTreated);
        Assert.StartsWith("Dryness gets no treatment yet", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ConcernWithoutActive_Warns()
    {
        var profile = new SkinProfile { Concerns = [Concerns.DarkCircles] };

        SkincarePlan plan = _planner.Build(profile, null, TestProducts.Basic());

        Assert.DoesNotContain(plan.Am.Concat(plan.Pm), s => s.Step == RoutineSteps.Treat);
        Assert.Contains(plan.Warnings, w => w.Rule == PlanRules.ConcernNotTreated && w.Message.Contains(Concerns.DarkCircles));
    }

    private static SkinAnalysis Analysis(ConcernFinding[] concerns, MedicalFlag[] flags) => new()
    {
        Mode = AnalysisMode.Face,
        Quality = new QualityReport(true, 90, []),
        Image = new ImageInfo("jpeg", 512, 512, 1),
        Concerns = concerns,
        Flags = flags,
    };

    private static IEnumerable<RoutineStep> AllSteps(SkincarePlan plan) => plan.Am.Concat(plan.Pm);

    private static List<string> ProductIds(SkincarePlan plan) =>
        AllSteps(plan).Where(s => s.Product is not null).Select(s => s.Product!.Id).Distinct().ToList();

    private static string Name(FakeKnowledge knowledge, string id) => knowledge.Actives.First(a => a.Id == id).Name;
}
