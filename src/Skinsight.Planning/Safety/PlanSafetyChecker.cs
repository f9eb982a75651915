using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Skinsight.Catalog.Ingredients;
using Skinsight.Core.Catalog;
using Skinsight.Core.Plans;
using Skinsight.Core.Profiles;

namespace Skinsight.Planning.Safety;

/// <summary>A safety rule a finished plan breaks.</summary>
/// <param name="Rule">Stable id, e.g. <c>allergen</c> or <c>conflict</c>.</param>
/// <param name="Routine"><c>am</c>, <c>pm</c> or <c>plan</c> for whole-plan rules.</param>
/// <param name="Step">Index of the step within its routine, or -1 for whole-plan rules.</param>
public sealed record SafetyViolation(string Rule, string Routine, int Step, string Message);

/// <summary>
/// Checks a finished plan against the catalog's contraindication, conflict and allergen data. It reads only
/// the plan and each chosen product's ingredients and labels, and shares no filtering code with the planner,
/// so a bug in one can be caught by the other.
/// </summary>
public sealed partial class PlanSafetyChecker
{
    private const int MinSpf = 30;
    private const int MaxSensitiveActives = 2;
    private static readonly string[] s_sensitiveClasses = ["fragrance", "essential-oil", "drying-alcohol"];
    private static readonly string[] s_acidClasses = ["aha", "bha", "pha"];
    private static readonly string[] s_fragranceClasses = ["fragrance", "essential-oil"];

    private readonly IngredientKnowledge _knowledge;
    private readonly ConditionalWeakTable<IReadOnlyList<Product>, Dictionary<string, Product>> _byKey = [];

    public PlanSafetyChecker(IngredientKnowledge knowledge)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        _knowledge = knowledge;
    }

    /// <summary>Returns every violation. An empty list means the plan passed.</summary>
    /// <param name="catalog">The catalog the plan was built from, used to read each chosen product's ingredients.</param>
    public IReadOnlyList<SafetyViolation> Check(SkincarePlan plan, SkinProfile profile, IReadOnlyList<Product> catalog)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(catalog);

        Dictionary<string, Product> products = _byKey.GetValue(catalog, c => c.DistinctBy(p => p.Key).ToDictionary(p => p.Key));
        var violations = new List<SafetyViolation>();
        var am = plan.Am.Select((s, i) => Inspect(s, i, "am", products, violations)).ToList();
        var pm = plan.Pm.Select((s, i) => Inspect(s, i, "pm", products, violations)).ToList();

        CheckSunscreen(plan, products, violations);
        foreach (CheckedStep step in am.Concat(pm))
        {
            CheckStep(step, profile, violations);
        }

        if (profile.Sensitive)
        {
            CheckSensitiveActiveCount(plan, violations);
        }

        CheckConflicts(am, sameRoutine: true, violations);
        CheckConflicts(pm, sameRoutine: true, violations);
        CheckConflictsAcross(am, pm, violations);
        CheckBudget(plan, profile, products, violations);
        return violations;
    }

    private CheckedStep Inspect(RoutineStep step, int index, string routine, Dictionary<string, Product> products, List<SafetyViolation> violations)
    {
        Product? product = null;
        if (step.Product is not null && !products.TryGetValue(step.Product.Id, out product))
        {
            violations.Add(new SafetyViolation("unknown-product", routine, index,
                $"Product {step.Product.Id} is not in the catalog, so its ingredients cannot be checked."));
        }

        var actives = new List<ActiveIngredient>(product is null ? [] : _knowledge.FindActives(product.Ingredients));
        if (product is not null)
        {
            actives.AddRange(_knowledge.FindActives(product.Labels).Where(a => !actives.Contains(a)));
        }

        foreach (string name in step.Ingredients)
        {
            IEnumerable<ActiveIngredient> named = _knowledge.Identify(name)
                .Concat(_knowledge.Actives.Where(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase)));
            actives.AddRange(named.Where(a => !actives.Contains(a)));
        }

        return new CheckedStep(step, index, routine, product, actives);
    }

    private static void CheckSensitiveActiveCount(SkincarePlan plan, List<SafetyViolation> violations)
    {
        // A treat step names its target active first; the same active in the morning and evening counts once.
        string[] targets = [.. plan.Am.Concat(plan.Pm)
            .Where(s => s.Step == RoutineSteps.Treat)
            .Select(s => s.Ingredients.FirstOrDefault() ?? s.Product?.Id ?? "")
            .Distinct(StringComparer.OrdinalIgnoreCase)];
        if (targets.Length > MaxSensitiveActives)
        {
            violations.Add(new SafetyViolation("sensitive-too-many-actives", "plan", -1,
                $"Sensitive skin gets {targets.Length} actives ({string.Join(", ", targets)}); at most {MaxSensitiveActives} are allowed."));
        }
    }

    private bool IsFragranceAllergy(string allergy) =>
        _knowledge.FindAllergenGroup(allergy)?.Group == "fragrance";

    private void CheckSunscreen(SkincarePlan plan, Dictionary<string, Product> products, List<SafetyViolation> violations)
    {
        int index = plan.Am.ToList().FindIndex(s => s.Step == RoutineSteps.Sunscreen);
        if (index < 0)
        {
            violations.Add(new SafetyViolation("sunscreen-missing", "am", -1, "The morning routine has no sunscreen step."));
            return;
        }

        if (index != plan.Am.Count - 1)
        {
            violations.Add(new SafetyViolation("sunscreen-not-last", "am", index, "Sunscreen is not the last morning step."));
        }

        RoutineStep step = plan.Am[index];
        if (step.Product is null)
        {
            if (plan.FromCatalog && !plan.Warnings.Any(w => w.Rule == PlanRules.SunscreenNoProduct))
            {
                violations.Add(new SafetyViolation("sunscreen-unexplained", "am", index,
                    "The catalog plan names no sunscreen product and gives no warning why."));
            }

            return;
        }

        if (products.TryGetValue(step.Product.Id, out Product? product) && ReadSpf(product) is not (>= MinSpf))
        {
            violations.Add(new SafetyViolation("sunscreen-spf", "am", index,
                $"Sunscreen {product.Key} does not state SPF {MinSpf} or more."));
        }
    }

    private void CheckStep(CheckedStep step, SkinProfile profile, List<SafetyViolation> violations)
    {
        IReadOnlyList<string> ingredients = step.Product?.Ingredients ?? [];
        var avoided = profile.Allergies.Select(a => (Name: a, Rule: "allergen", What: "allergy"))
            .Concat(profile.PastReactions.Select(r => (Name: r, Rule: "past-reaction", What: "past reaction")));
        foreach ((string allergy, string rule, string what) in avoided)
        {
            if (_knowledge.ContainsAllergen(ingredients, allergy, out string matched))
            {
                step.Add(violations, rule, $"{step.Product!.Key} contains {matched}, which the {allergy} {what} excludes.");
            }
            else if (IsFragranceAllergy(allergy))
            {
                // The fragrance and essential-oil actives are a second list, kept apart from the allergen group,
                // so an essential oil missing from the group is still caught here.
                foreach (ActiveIngredient irritant in step.Actives.Where(a => IngredientKnowledge.IsIn(a, s_fragranceClasses)))
                {
                    step.Add(violations, rule, $"{step.Product?.Key ?? "The step"} contains {irritant.Name}, which the {allergy} {what} excludes.");
                }
            }
        }

        if (profile.Sensitive)
        {
            if (_knowledge.ContainsAllergen(ingredients, "fragrance", out string matched))
            {
                step.Add(violations, "sensitive-fragrance", $"{step.Product!.Key} contains fragrance ingredient {matched}.");
            }

            foreach (ActiveIngredient irritant in step.Actives.Where(a => IngredientKnowledge.IsIn(a, s_sensitiveClasses)))
            {
                step.Add(violations, "sensitive-irritant", $"{step.Product?.Key ?? "The step"} contains {irritant.Name}.");
            }
        }

        CheckContraindications(step, profile.Pregnant, Conditions.Pregnancy, violations);
        CheckContraindications(step, profile.Breastfeeding, Conditions.Breastfeeding, violations);

        if (step.Routine == "am")
        {
            foreach (ActiveIngredient active in step.Actives.Where(a => a.Photosensitising || a.Class == "retinoid"))
            {
                step.Add(violations, "photosensitiser-in-morning", $"{active.Name} raises sun sensitivity but is in the morning routine.");
            }
        }

        if (step.Step.Step == RoutineSteps.Treat)
        {
            if (step.Actives.Any(a => a.Class == "retinoid") && !step.Step.Frequency.StartsWith("2 nights a week", StringComparison.Ordinal))
            {
                step.Add(violations, "retinoid-ramp", $"A retinoid step starts at '{step.Step.Frequency}' rather than 2 nights a week.");
            }

            if (step.Actives.Any(a => IngredientKnowledge.IsIn(a, s_acidClasses)) && (step.Step.Days is null || step.Step.Days.Count > 3))
            {
                step.Add(violations, "acid-too-often", "An exfoliating acid step is used more than 3 times a week.");
            }
        }

        CheckInnerConflicts(step, violations);
    }

    private void CheckContraindications(CheckedStep step, bool applies, string condition, List<SafetyViolation> violations)
    {
        if (!applies)
        {
            return;
        }

        foreach (Contraindication rule in _knowledge.FindContraindications(condition, step.Actives))
        {
            if (rule.Severity != "requires-sunscreen")
            {
                string names = string.Join(", ", step.Actives.Where(a => IngredientKnowledge.IsIn(a, rule.Actives)).Select(a => a.Name));
                step.Add(violations, rule.Id, $"{names} is contraindicated during {condition}.");
            }
        }
    }

    private void CheckInnerConflicts(CheckedStep step, List<SafetyViolation> violations)
    {
        for (int i = 0; i < step.Actives.Count; i++)
        {
            for (int j = i + 1; j < step.Actives.Count; j++)
            {
                ActiveIngredient a = step.Actives[i];
                ActiveIngredient b = step.Actives[j];
                if (a.Class != b.Class && _knowledge.FindConflicts([a], [b]).FirstOrDefault() is { } rule)
                {
                    step.Add(violations, "conflict", $"{a.Name} and {b.Name} are in one product ({rule.Id}).");
                }
            }
        }
    }

    private void CheckConflicts(List<CheckedStep> routine, bool sameRoutine, List<SafetyViolation> violations)
    {
        for (int i = 0; i < routine.Count; i++)
        {
            for (int j = i + 1; j < routine.Count; j++)
            {
                CheckPair(routine[i], routine[j], sameRoutine, violations);
            }
        }
    }

    private void CheckConflictsAcross(List<CheckedStep> am, List<CheckedStep> pm, List<SafetyViolation> violations)
    {
        foreach (CheckedStep morning in am)
        {
            foreach (CheckedStep evening in pm)
            {
                CheckPair(morning, evening, sameRoutine: false, violations);
            }
        }
    }

    private void CheckPair(CheckedStep first, CheckedStep second, bool sameRoutine, List<SafetyViolation> violations)
    {
        bool sameDay = first.Step.Days is null || second.Step.Days is null || first.Step.Days.Intersect(second.Step.Days).Any();
        bool sameProduct = first.Product is not null && first.Product.Key == second.Product?.Key;
        if (!sameDay || sameProduct || first.Actives.Count == 0 || second.Actives.Count == 0)
        {
            return;
        }

        foreach (ConflictRule rule in _knowledge.FindConflicts(first.Actives, second.Actives))
        {
            if (sameRoutine || rule.When == "same-day")
            {
                first.Add(violations, "conflict",
                    $"Step {first.Index} and {second.Routine} step {second.Index} meet on the same day despite rule {rule.Id}.");
            }
        }
    }

    private static void CheckBudget(SkincarePlan plan, SkinProfile profile, Dictionary<string, Product> products, List<SafetyViolation> violations)
    {
        var chosen = plan.Am.Concat(plan.Pm).Where(s => s.Product is not null).DistinctBy(s => s.Product!.Id).ToList();
        decimal total = chosen.Sum(s => products.TryGetValue(s.Product!.Id, out Product? p) ? p.PriceUsd ?? 0 : 0);
        if (total != plan.TotalPriceUsd)
        {
            violations.Add(new SafetyViolation("total-price", "plan", -1,
                $"The plan states {plan.TotalPriceUsd} USD but its products sum to {total.ToString(CultureInfo.InvariantCulture)} USD."));
        }

        bool onlySunscreen = chosen.All(s => s.Step == RoutineSteps.Sunscreen);
        if (profile.BudgetUsd is decimal budget && total > budget && !onlySunscreen)
        {
            violations.Add(new SafetyViolation("budget", "plan", -1,
                $"Products cost {total.ToString(CultureInfo.InvariantCulture)} USD, over the {budget.ToString(CultureInfo.InvariantCulture)} USD budget."));
        }
    }

    private static int? ReadSpf(Product product)
    {
        foreach (string text in product.Labels.Prepend(product.Name))
        {
            Match match = SpfPattern().Match(text);
            if (match.Success)
            {
                return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    [GeneratedRegex(@"\bSPF\s*(\d{1,3})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SpfPattern();

    private sealed record CheckedStep(RoutineStep Step, int Index, string Routine, Product? Product, List<ActiveIngredient> Actives)
    {
        public void Add(List<SafetyViolation> violations, string rule, string message) =>
            violations.Add(new SafetyViolation(rule, Routine, Index, message));
    }
}
