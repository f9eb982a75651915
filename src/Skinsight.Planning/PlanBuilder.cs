using System.Globalization;
using Skinsight.Core.Analysis;
using Skinsight.Core.Catalog;
using Skinsight.Core.History;
using Skinsight.Core.Plans;
using Skinsight.Core.Profiles;
using Skinsight.Planning.Knowledge;
using Skinsight.Planning.Scoring;

namespace Skinsight.Planning;

/// <summary>Builds one plan: the state of a single <see cref="RoutinePlanner.Build"/> call.</summary>
internal sealed class PlanBuilder
{
    private readonly IIngredientKnowledge _knowledge;
    private readonly IProductScorer _scorer;
    private readonly ConflictTable _conflicts;
    private readonly Dictionary<string, ActiveIngredient> _actives;
    private readonly SkinProfile _profile;
    private readonly CatalogIndex? _index;
    private readonly List<PlanWarning> _warnings = [];
    private readonly RuleTally _tally = new();
    private readonly SafetyFilter _safety;
    private readonly IReadOnlyList<ProductExperience> _history;
    private HistoryRules? _historyRules;
    private Exclusion?[] _excluded = [];
    private decimal? _priceShare;
    private readonly Dictionary<StepDraft, StepExplanation> _explanations = [];

    public PlanBuilder(
        IIngredientKnowledge knowledge,
        IProductScorer scorer,
        SkinProfile profile,
        CatalogIndex? index,
        IReadOnlyList<ProductExperience>? history = null)
    {
        _knowledge = knowledge;
        _scorer = scorer;
        _conflicts = new ConflictTable(knowledge.Conflicts);
        _actives = knowledge.Actives.ToDictionary(a => a.Id, StringComparer.Ordinal);
        _profile = profile;
        _index = index;
        _safety = new SafetyFilter(profile, knowledge);
        _history = history ?? [];
    }

    public SkincarePlan Build(SkinAnalysis? analysis)
    {
        IReadOnlyList<PlanConcern> concerns = ConcernMerger.Merge(_profile, analysis, _warnings);
        ProfileNotes.CheckSkinType(_profile, analysis, _warnings);
        var historyWarnings = new List<PlanWarning>();
        if (_index is not null)
        {
            _excluded = _safety.ExcludeProducts(_index, _tally);
            if (_history.Count > 0)
            {
                _historyRules = new HistoryRules(_history, _index);
                _historyRules.Exclude(_excluded, historyWarnings);
            }
        }

        var placement = new ActivePlacement(_knowledge, _conflicts);
        var placementWarnings = new List<PlanWarning>();
        List<TreatSlot> chosen = placement.Choose(
            concerns, _safety, IsStocked, _tally, placementWarnings, _profile.Sensitive, ProfileNotes.MaxTreatments(_profile));
        List<TreatSlot> slots = placement.Place(chosen, placementWarnings, _profile.Sensitive);

        List<StepDraft> drafts = CreateDrafts(slots, concerns);
        var budgetWarnings = new List<PlanWarning>();
        var preferenceWarnings = new List<PlanWarning>();
        if (_index is not null)
        {
            SelectProducts(drafts);
            new BudgetFitter(_profile.BudgetUsd, this).Fit(drafts, budgetWarnings);
            AddPreferenceWarnings(drafts, preferenceWarnings);
        }

        // Safety exclusions first, then history, placement, budget and missing products, so the hard rules lead.
        AddSafetyWarnings();
        _warnings.AddRange(historyWarnings);
        _warnings.AddRange(placementWarnings);
        _warnings.AddRange(budgetWarnings);
        _warnings.AddRange(preferenceWarnings);
        AddMissingProductWarnings(drafts);
        ProfileNotes.AddLifestyleNotes(_profile, _warnings);
        AddStepRules(drafts);

        var writer = new StepWriter(_profile, _actives, slots, _safety, _knowledge, Explain);
        return new SkincarePlan
        {
            Am = writer.Write(drafts, Routines.Am),
            Pm = writer.Write(drafts, Routines.Pm),
            Warnings = _warnings,
            Concerns = concerns,
            Flags = analysis?.Flags ?? [],
            TotalPriceUsd = TotalPrice(drafts),
            FromCatalog = _index is not null,
            Baumann = _profile.Baumann,
        };
    }

    /// <summary>Sums the prices of the distinct chosen products, so a product used morning and evening counts once.</summary>
    public static decimal TotalPrice(IEnumerable<StepDraft> drafts) => drafts
        .Where(d => d.Chosen is not null)
        .Select(d => d.Chosen!)
        .DistinctBy(p => p.Index)
        .Sum(p => p.Product.PriceUsd ?? 0);

    /// <summary>True when <paramref name="product"/> can fill the step alongside the other steps' current picks.</summary>
    public bool FitsWithOthers(ProductFacts product, StepDraft draft, IReadOnlyList<StepDraft> drafts)
    {
        var ids = new HashSet<string>(product.Actives, StringComparer.Ordinal);
        if (draft.Treat is not null)
        {
            ids.Add(draft.Treat.Active.Id);
        }

        foreach (StepDraft other in drafts)
        {
            if (ReferenceEquals(other, draft))
            {
                continue;
            }

            if (other.Chosen?.Index == product.Index)
            {
                return false;
            }

            if (draft.SharesDayWith(other) && _conflicts.FindAny(ids, other.ActiveIds, draft.SharesRoutineWith(other)) is not null)
            {
                return false;
            }
        }

        return true;
    }

    private bool IsStocked(ActiveIngredient active)
    {
        if (_index is null)
        {
            return true;
        }

        // A stand-in treat step: the checks that do not depend on where the active is placed.
        var probe = new StepDraft
        {
            Step = RoutineSteps.Treat,
            Routines = Routines.Pm,
            Treat = new TreatSlot(active, "", 0),
            Concerns = [],
            KeepRank = 0,
        };
        return _index.CandidatesFor(RoutineSteps.Treat, active.Id).Any(p => IsEligible(p, probe));
    }

    private List<StepDraft> CreateDrafts(List<TreatSlot> slots, IReadOnlyList<PlanConcern> concerns)
    {
        var all = concerns.Select(c => c.Concern).ToList();
        var drafts = new List<StepDraft>
        {
            new() { Step = RoutineSteps.Sunscreen, Routines = Routines.Am, Concerns = all, KeepRank = double.MaxValue },
        };

        // Treatments come before the basics so the basics are chosen to fit around them.
        foreach (TreatSlot slot in slots)
        {
            drafts.Add(new StepDraft
            {
                Step = RoutineSteps.Treat,
                Routines = slot.Routine,
                Treat = slot,
                Concerns = slot.Concerns,
                KeepRank = slot.Rank,
            });
        }

        // The basics name only the concerns a treatment in this plan serves: a concern left untreated (by the routine
        // length, a conflict or a missing active) has its own warning, and a reason must not promise treatment.
        var treated = all.Where(c => slots.Any(s => s.Concerns.Contains(c))).ToList();
        drafts.Add(new StepDraft { Step = RoutineSteps.Cleanse, Routines = Routines.Both, Concerns = treated, KeepRank = 2 });
        drafts.Add(new StepDraft { Step = RoutineSteps.Moisturise, Routines = Routines.Both, Concerns = treated, KeepRank = 1.5 });
        return drafts;
    }

    private void SelectProducts(List<StepDraft> drafts)
    {
        int productSteps = drafts.Count;
        _priceShare = _profile.BudgetUsd / Math.Max(1, productSteps);
        HashSet<int> owned = _historyRules?.Owned ?? [];
        HashSet<int> liked = _historyRules?.Liked ?? [];
        foreach (StepDraft draft in drafts)
        {
            ScoringContext context = ContextFor(draft);
            var eligible = new List<ProductFacts>();
            foreach (ProductFacts product in _index!.CandidatesFor(draft.Step, draft.Treat?.Active.Id))
            {
                if (_excluded[product.Index] is { } exclusion && RoutineSteps.Fits(draft.Step, product.Product.Category))
                {
                    draft.AddRule(exclusion.Rule);
                }
                else if (IsEligible(product, draft))
                {
                    eligible.Add(product);
                }
            }

            // Fallback forms (minis, patches, mists as sunscreen, enzyme and soap cleansers for sensitive skin) compete only
            // when no product of a lower tier is eligible. Owned products come first, then liked ones, then the
            // scorer's order.
            int bestTier = eligible.Count == 0 ? 0 : eligible.Min(p => TierOf(p, draft));
            List<ProductFacts> fallbacks =
                [.. eligible.Where(p => ProductForms.IsSensitiveFallback(p.Form, draft.Step, _profile.Sensitive))];
            if (fallbacks.Any(p => p.Form.HasFlag(ProductForm.Enzyme)))
            {
                draft.AddRule(PlanRules.SensitiveEnzymeCleanser);
            }

            if (fallbacks.Any(p => p.Form.HasFlag(ProductForm.Soap)))
            {
                draft.AddRule(PlanRules.SensitiveSoapCleanser);
            }

            draft.Candidates.AddRange(eligible
                .Where(p => TierOf(p, draft) == bestTier)
                .Select(p => (Facts: p, Score: _scorer.Score(p.Product, context)))
                .OrderByDescending(c => owned.Contains(c.Facts.Index))
                .ThenByDescending(c => liked.Contains(c.Facts.Index))
                .ThenByDescending(c => c.Score)
                .ThenBy(c => c.Facts.Index)
                .Select(c => c.Facts));

            draft.Chosen = draft.Candidates.FirstOrDefault(p => FitsWithOthers(p, draft, drafts));
        }
    }

    private int TierOf(ProductFacts facts, StepDraft draft) =>
        ProductForms.Tier(facts.Form, draft.Step, _profile.Sensitive)!.Value;

    private ScoringContext ContextFor(StepDraft draft) => new(_profile, draft.Step, draft.Concerns, _priceShare);

    private StepExplanation Explain(StepDraft draft)
    {
        // A step used morning and evening is written twice; the model is asked once.
        if (_explanations.TryGetValue(draft, out StepExplanation? known))
        {
            return known;
        }

        RankingExplanation? ranking = draft.Chosen is { } chosen
            ? _scorer.Explain(chosen.Product, ContextFor(draft), draft.Candidates.Count)
            : null;
        var explanation = new StepExplanation([.. draft.Rules], ranking);
        _explanations[draft] = explanation;
        return explanation;
    }

    /// <summary>Adds the rules that placed each treatment and the history rules behind each pick.</summary>
    private void AddStepRules(List<StepDraft> drafts)
    {
        foreach (StepDraft draft in drafts)
        {
            if (draft.Treat is { } slot)
            {
                if (ActivePlacement.IsEveningOnly(slot.Active))
                {
                    draft.AddRule(PlanRules.PhotosensitiserEveningOnly);
                }

                if (slot.AlternatesWith is not null)
                {
                    draft.AddRule(PlanRules.ConflictAlternateNights);
                }
            }

            if (draft.Chosen is { } chosen && _historyRules is { } history)
            {
                if (history.Owned.Contains(chosen.Index))
                {
                    draft.AddRule(PlanRules.HistoryOwnedReused);
                }
                else if (history.Liked.Contains(chosen.Index))
                {
                    draft.AddRule(PlanRules.HistoryLiked);
                }
            }

            if (_index is not null && draft.Chosen is null)
            {
                draft.AddRule(draft.IsSunscreen ? PlanRules.SunscreenNoProduct : PlanRules.NoCatalogMatch);
            }
        }
    }

    private void AddPreferenceWarnings(List<StepDraft> drafts, List<PlanWarning> warnings)
    {
        if (_historyRules is not { } history)
        {
            return;
        }

        var chosen = drafts.Where(d => d.Chosen is not null).ToList();
        var reused = chosen.Where(d => history.Owned.Contains(d.Chosen!.Index)).ToList();
        if (reused.Count > 0)
        {
            warnings.Add(new PlanWarning(PlanRules.HistoryOwnedReused, "The plan reuses products you own: "
                + string.Join("; ", reused.Select(d => $"{d.Chosen!.Product.Name} for the {BudgetFitter.Describe(d)} step")) + "."));
        }

        var chosenIndexes = chosen.Select(d => d.Chosen!.Index).ToHashSet();
        foreach (int owned in history.Owned.Where(i => !chosenIndexes.Contains(i)).Order())
        {
            ProductFacts facts = _index!.Products[owned];
            string reason = _excluded[owned] is { } exclusion
                ? $"the rule {exclusion.Rule} excludes it (it contains {exclusion.Trigger})"
                : "it fits no step of this plan, or another product had to be used with the step's active";
            warnings.Add(new PlanWarning(PlanRules.HistoryOwnedNotUsed,
                $"You own {facts.Product.Brand} {facts.Product.Name}, but the plan does not use it: {reason}."));
        }

        var liked = chosen.Where(d => !history.Owned.Contains(d.Chosen!.Index) && history.Liked.Contains(d.Chosen!.Index)).ToList();
        if (liked.Count > 0)
        {
            warnings.Add(new PlanWarning(PlanRules.HistoryLiked, "The plan prefers products you liked: "
                + string.Join("; ", liked.Select(d => $"{d.Chosen!.Product.Name} for the {BudgetFitter.Describe(d)} step")) + "."));
        }
    }

    /// <summary>Checks every rule that does not depend on the other steps' picks.</summary>
    private bool IsEligible(ProductFacts facts, StepDraft draft)
    {
        Product product = facts.Product;
        if (_excluded[facts.Index] is not null || facts.InnerConflict is not null)
        {
            return false;
        }

        if (!RoutineSteps.Fits(draft.Step, product.Category) || !SuitsSkinType(product))
        {
            return false;
        }

        if (ProductForms.Tier(facts.Form, draft.Step) is null
            || facts.Form.HasFlag(ProductForm.Overnight) && (draft.Routines & Routines.Am) != 0)
        {
            return false;
        }

        if (_profile.BudgetUsd is not null && product.PriceUsd is null)
        {
            return false;
        }

        foreach (string id in facts.Actives)
        {
            if (!_actives.TryGetValue(id, out ActiveIngredient? active))
            {
                continue;
            }

            bool isTarget = draft.Treat?.Active.Id == id;
            if ((draft.Routines & Routines.Am) != 0 && ActivePlacement.IsEveningOnly(active))
            {
                return false;
            }

            // A scheduled active hidden in another step would be used more often than its schedule allows.
            if (active.NeedsSchedule && !isTarget)
            {
                return false;
            }
        }

        return draft.Step switch
        {
            RoutineSteps.Treat => facts.Actives.Contains(draft.Treat!.Active.Id),
            RoutineSteps.Sunscreen => facts.Spf >= RoutineSteps.MinSpf,
            RoutineSteps.Moisturise => facts.Spf is null,
            RoutineSteps.Cleanse => !HasDryingAlcohol(facts),
            _ => true,
        };
    }

    /// <summary>
    /// True when the product contains a drying alcohol, which the plan's gentle cleanser must not, whatever the
    /// skin type.
    /// </summary>
    private bool HasDryingAlcohol(ProductFacts facts) =>
        _index!.GroupMembers(IrritantGroups.DryingAlcohol)[facts.Index] is not null;

    /// <summary>
    /// True when the product names no skin type of the four the profile uses (labels such as "sensitive" do not
    /// count) or names the person's type.
    /// </summary>
    private bool SuitsSkinType(Product product)
    {
        var named = product.SkinTypes.Select(ParseSkinType).OfType<SkinType>().ToList();
        return named.Count == 0 || named.Contains(_profile.SkinType);
    }

    private static SkinType? ParseSkinType(string text) =>
        string.Equals(text, "combo", StringComparison.OrdinalIgnoreCase) ? SkinType.Combination
        : Enum.TryParse(text, ignoreCase: true, out SkinType type) && char.IsLetter(text[0]) ? type
        : null;

    private void AddSafetyWarnings()
    {
        foreach (var (rule, group, products, triggers, skipped) in _tally.Entries)
        {
            string reason = RuleReason(rule, group);
            var parts = new List<string>();
            if (skipped.Count > 0)
            {
                parts.Add($"skipped {string.Join(", ", skipped)}");
            }

            if (products > 0)
            {
                string examples = string.Join(", ", triggers.Take(5));
                string more = triggers.Count > 5 ? $" and {triggers.Count - 5} more" : "";
                parts.Add($"excluded {products} catalog products containing {examples}{more}");
            }

            _warnings.Add(new PlanWarning(rule, $"{reason} This plan {string.Join(" and ", parts)}."));
        }

        // One warning names every unrecognised allergy, so a long list of them gives one warning, not one each.
        var unrecognised = _safety.UnrecognisedAllergies.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (unrecognised.Count > 0)
        {
            string quoted = JoinWithAnd(unrecognised.Select(a => $"'{a}'").ToList());
            string opening = unrecognised.Count == 1
                ? $"The allergy {quoted} is not a known allergen group, so only ingredients whose names contain {quoted} were"
                : $"The allergies {quoted} are not known allergen groups, so only ingredients whose names contain one of them were";
            _warnings.Add(new PlanWarning(PlanRules.AllergyNotRecognised,
                $"{opening} excluded. Check the spelling, use a group such as fragrance, nuts or peanut, "
                + "or list the exact ingredient names."));
        }

        if (_index is null)
        {
            // The warning above already covers unrecognised allergies, and a name listed twice (as an allergy and as
            // "free of", say) is advised once, under its first rule.
            var advised = new HashSet<string>(
                unrecognised.Select(a => new AvoidedGroup(a, PlanRules.Allergen, "").DisplayName), StringComparer.OrdinalIgnoreCase);
            foreach (AvoidedGroup group in _safety.Groups)
            {
                if (!advised.Add(group.DisplayName))
                {
                    continue;
                }

                _warnings.Add(new PlanWarning(group.Rule,
                    $"Because of {group.Why}, choose products whose ingredient list contains no {group.DisplayName} ingredients."));
            }
        }
    }

    private static string JoinWithAnd(IReadOnlyList<string> items) =>
        items.Count == 1 ? items[0] : $"{string.Join(", ", items.Take(items.Count - 1))} and {items[^1]}";

    private string RuleReason(string rule, AvoidedGroup? avoided)
    {
        if (rule == PlanRules.EuAnnexIIProhibited)
        {
            return "Products with a substance that EU Annex II (Regulation (EC) No 1223/2009) prohibits in cosmetics are never recommended.";
        }

        Contraindication? contraindication = _safety.ForbiddenActives.Values.FirstOrDefault(c => c.Rule == rule);
        if (contraindication is not null)
        {
            return contraindication.Reason;
        }

        AvoidedGroup? group = avoided ?? _safety.Groups.FirstOrDefault(g => g.Rule == rule);
        return group is null ? $"Rule {rule} applies." : $"Products with {group.DisplayName} ingredients are avoided because of {group.Why}.";
    }

    private void AddMissingProductWarnings(List<StepDraft> drafts)
    {
        if (_index is null)
        {
            return;
        }

        if (!_knowledge.HasAnnexData)
        {
            _warnings.Add(new PlanWarning(PlanRules.EuAnnexesMissing,
                "The EU annex data was not found, so the catalog products were not checked against the EU list of "
                + "prohibited substances (Annex II) or the fragrance allergens that must be labelled (Annex III). "
                + "The operator can point SKINSIGHT_DATA at the folder that holds eu-cosing-annexes."));
        }

        foreach (StepDraft draft in drafts.Where(d => d.Chosen is null))
        {
            if (draft.IsSunscreen)
            {
                _warnings.Add(new PlanWarning(PlanRules.SunscreenNoProduct,
                    $"No catalog sunscreen of SPF {RoutineSteps.MinSpf} or more passes your safety rules; "
                    + $"use any broad-spectrum SPF {RoutineSteps.MinSpf}+ sunscreen that does."));
            }
            else if (!draft.Candidates.Any(c => FitsWithOthers(c, draft, drafts)))
            {
                string stepName = draft.Treat is null ? draft.Step : $"{draft.Treat.Active.Name} {draft.Step}";
                _warnings.Add(new PlanWarning(PlanRules.NoCatalogMatch,
                    $"No catalog product for the {stepName} step passes your safety rules; the plan names the ingredient instead."));
            }
        }
    }
}

/// <summary>Brings the chosen products within the budget: cheaper swaps first, then dropping products, never sunscreen.</summary>
internal sealed class BudgetFitter(decimal? budget, PlanBuilder builder)
{
    public void Fit(List<StepDraft> drafts, List<PlanWarning> warnings)
    {
        if (budget is not decimal limit)
        {
            return;
        }

        decimal before = PlanBuilder.TotalPrice(drafts);
        if (before <= limit)
        {
            return;
        }

        var swapped = new List<string>();
        var dropped = new List<string>();
        var optional = drafts.Where(d => !d.IsSunscreen && d.Chosen is not null).OrderBy(d => d.KeepRank).ToList();
        var sunscreen = drafts.Where(d => d.IsSunscreen && d.Chosen is not null);

        foreach (StepDraft draft in optional.Concat(sunscreen))
        {
            if (PlanBuilder.TotalPrice(drafts) <= limit)
            {
                break;
            }

            if (TrySwap(draft, drafts, limit))
            {
                draft.AddRule(PlanRules.Budget);
                swapped.Add(Describe(draft));
            }
        }

        foreach (StepDraft draft in optional)
        {
            if (PlanBuilder.TotalPrice(drafts) <= limit)
            {
                break;
            }

            draft.Chosen = null;
            draft.AddRule(PlanRules.Budget);
            dropped.Add(Describe(draft));
        }

        decimal after = PlanBuilder.TotalPrice(drafts);
        var actions = new List<string>();
        if (swapped.Count > 0)
        {
            actions.Add($"chose cheaper products for {string.Join(", ", swapped)}");
        }

        if (dropped.Count > 0)
        {
            actions.Add($"left the product out for {string.Join(", ", dropped)} (the step names the ingredient instead)");
        }

        string outcome = after <= limit
            ? $"the plan now costs {Usd(after)}"
            : $"the plan still costs {Usd(after)} because sunscreen is never dropped and no cheaper one fits your rules";
        warnings.Add(new PlanWarning(PlanRules.Budget,
            $"The best products cost {Usd(before)}, over your {Usd(limit)} budget, so the plan {string.Join(" and ", actions)}; {outcome}."));
    }

    /// <summary>Swaps to the best product that alone closes the gap, else to the cheapest that fits.</summary>
    private bool TrySwap(StepDraft draft, List<StepDraft> drafts, decimal limit)
    {
        ProductFacts current = draft.Chosen!;
        decimal price = current.Product.PriceUsd ?? 0;
        decimal gap = PlanBuilder.TotalPrice(drafts) - limit;

        // Candidates are in score order, so the first that closes the gap alone is the best such swap.
        ProductFacts? swap = draft.Candidates.FirstOrDefault(c =>
            price - (c.Product.PriceUsd ?? 0) >= gap && builder.FitsWithOthers(c, draft, drafts));
        swap ??= draft.Candidates
            .Where(c => (c.Product.PriceUsd ?? 0) < price)
            .OrderBy(c => c.Product.PriceUsd ?? 0)
            .FirstOrDefault(c => builder.FitsWithOthers(c, draft, drafts));
        if (swap is null)
        {
            return false;
        }

        draft.Chosen = swap;
        return true;
    }

    public static string Describe(StepDraft draft) =>
        draft.Treat is null ? draft.Step : $"{draft.Treat.Active.Name} {draft.Step}";

    private static string Usd(decimal value) => "$" + value.ToString("0.00", CultureInfo.InvariantCulture);
}
