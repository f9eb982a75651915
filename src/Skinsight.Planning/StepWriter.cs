using System.Globalization;
using Skinsight.Core.Plans;
using Skinsight.Core.Profiles;
using Skinsight.Planning.Knowledge;

namespace Skinsight.Planning;

/// <summary>Turns step drafts into the plan's ordered steps with frequency, reason and key ingredients.</summary>
internal sealed class StepWriter(
    SkinProfile profile,
    IReadOnlyDictionary<string, ActiveIngredient> actives,
    IReadOnlyList<TreatSlot> slots,
    SafetyFilter safety,
    IIngredientKnowledge knowledge,
    Func<StepDraft, StepExplanation> explain)
{
    private const string PatchTest =
        "Patch-test first: apply a little behind the ear or on the inner arm for 2-3 days before using it on the face.";

    private static readonly string[] s_order =
        [RoutineSteps.Cleanse, RoutineSteps.Treat, RoutineSteps.Moisturise, RoutineSteps.Sunscreen];

    // Ids of the knowledge entries that are listed only so that rules can avoid them. Named as key ingredients,
    // they read as the reason to use a product ("A moisturiser with Drying alcohols, Fragrance ...") and count as
    // actives in tracking, so they are left out of the key ingredients.
    private static readonly string[] s_avoidanceIds = ["fragrance", "essential-oils", "drying-alcohol"];

    public IReadOnlyList<RoutineStep> Write(IReadOnlyList<StepDraft> drafts, Routines routine)
    {
        return drafts
            .Where(d => (d.Routines & routine) != 0)
            .OrderBy(d => Array.IndexOf(s_order, d.Step))
            .ThenByDescending(d => d.Treat?.Rank ?? 0)
            .Select(d => Write(d, routine))
            .ToList();
    }

    private RoutineStep Write(StepDraft draft, Routines routine)
    {
        ProductChoice? product = draft.Chosen is { } chosen
            ? new ProductChoice(chosen.Product.Key, chosen.Product.Name, chosen.Product.Brand, chosen.Product.PriceUsd)
            : null;

        IReadOnlyList<string> ingredients = KeyIngredients(draft);
        string frequency = draft.Step switch
        {
            RoutineSteps.Treat => draft.Treat!.Frequency,
            RoutineSteps.Sunscreen => "every morning, as the last step; reapply every 2 hours outdoors",
            _ => routine == Routines.Am ? "every morning" : "every evening",
        };

        return new RoutineStep(draft.Step, frequency, Reason(draft, ingredients), product, ingredients, draft.Concerns)
        {
            Days = draft.Days,
            StartDays = draft.StartDays,
            Explanation = explain(draft),
        };
    }

    private string Reason(StepDraft draft, IReadOnlyList<string> ingredients)
    {
        string with = ingredients.Count > 0 ? $" with {Wording.Listed(ingredients)}" : "";
        bool hasConcerns = draft.Concerns.Count > 0;
        string concerns = Wording.Listed(draft.Concerns.Select(Wording.Concern));
        string avoid = AvoidNote();
        switch (draft.Step)
        {
            case RoutineSteps.Treat:
                TreatSlot slot = draft.Treat!;
                string severity = slot.Severity is double measured
                    ? $" (severity {measured.ToString("0.00", CultureInfo.InvariantCulture)} in the photo)"
                    : "";
                return $"{slot.Active.Name} addresses {Wording.Listed(slot.Concerns.Select(Wording.Concern))}"
                    + $"{severity}.{avoid} {PatchTest}";

            case RoutineSteps.Sunscreen:
                string spf = draft.Chosen?.Spf is int value ? $"SPF {value}" : $"broad-spectrum SPF {RoutineSteps.MinSpf}+";
                string uv = profile.Climate.UvIndex.ToString("0.#", CultureInfo.InvariantCulture);
                string worsening = hasConcerns ? $" and keeps {concerns} from worsening" : "";
                string evening = slots.Where(s => ActivePlacement.IsEveningOnly(s.Active)).Select(s => s.Active.Name).FirstOrDefault() is { } name
                    ? $" It is required because {name} in the evening raises sun sensitivity."
                    : "";
                return $"A daily {spf} sunscreen{with} protects against UV (UV index {uv}){worsening}.{evening}{avoid}";

            case RoutineSteps.Cleanse:
                string prepares = hasConcerns ? $", preparing it for the {concerns} treatment" : "";
                if (draft.Chosen is { } cleanser && cleanser.Form.HasFlag(ProductForm.Enzyme))
                {
                    return EnzymeCleanserReason(cleanser, with, prepares) + avoid;
                }

                if (draft.Chosen is { } soap && soap.Form.HasFlag(ProductForm.Soap))
                {
                    return SoapCleanserReason(soap, with, prepares) + avoid;
                }

                return $"A gentle cleanser{with} cleans {Lower(profile.SkinType)} skin without stripping its barrier{prepares}.{avoid}";

            default:
                string climate = profile.Climate.Humidity == Humidity.Dry ? " in a dry climate" : "";
                climate += profile.Climate.Season switch
                {
                    Season.Winter => " through winter",
                    Season.Summer when profile.Climate.Humidity == Humidity.Humid => " through a humid summer (a light texture is enough)",
                    _ => "",
                };
                string during = hasConcerns ? $" while {concerns} {(draft.Concerns.Count > 1 ? "are" : "is")} treated" : "";
                return $"A moisturiser{with} keeps the barrier of {Lower(profile.SkinType)} skin{climate} intact{during}.{avoid}";
        }
    }

    /// <summary>
    /// Describes an enzyme cleanser without calling it gentle, because its enzyme exfoliates. For sensitive skin it
    /// is chosen only when no plain cleanser passed the rules, and the reason states it.
    /// </summary>
    private string EnzymeCleanserReason(ProductFacts cleanser, string with, string prepares)
    {
        string enzyme = ProductForms.EnzymeIn(cleanser.Product) is { } name
            ? $"Its {name} is an enzyme that loosens dead skin cells."
            : "Its enzymes loosen dead skin cells.";
        string reason = $"An enzyme cleanser{with} cleans {Lower(profile.SkinType)} skin{prepares}. {enzyme}";
        return profile.Sensitive
            ? reason + " No plain cleanser passed this plan's rules, so this enzyme cleanser is the fallback for "
                + "sensitive skin. Stop using it if it stings or leaves the skin red."
            : reason;
    }

    /// <summary>
    /// Describes a soap cleanser without calling it gentle, because soap leaves the skin alkaline for a while. For
    /// sensitive skin it is chosen only when no other cleanser passed the rules, and the reason states it.
    /// </summary>
    private string SoapCleanserReason(ProductFacts cleanser, string with, string prepares)
    {
        string soap = ProductForms.SoapIn(cleanser.Product) is { } name ? $"Its {name} is a soap" : "It is a soap";
        string reason = $"A soap cleanser{with} cleans {Lower(profile.SkinType)} skin{prepares}. {soap}, which is "
            + "more alkaline than a synthetic cleanser and can leave the skin tight.";
        return profile.Sensitive
            ? reason + " No other cleanser passed this plan's rules, so this soap is the fallback for sensitive skin. "
                + "Stop using it if it stings or leaves the skin red."
            : reason;
    }

    /// <summary>
    /// Names the actives the product contains, else its first listed ingredients, else generic advice. Fragrance,
    /// essential oils and drying alcohols that the knowledge table identifies are left out.
    /// </summary>
    private IReadOnlyList<string> KeyIngredients(StepDraft draft)
    {
        if (draft.Chosen is { } chosen)
        {
            // A UV filter outside the sunscreen step is often a whitener or a colourant (titanium dioxide in a
            // cleanser), so it does not describe what the product does there.
            var names = new List<string>();
            foreach (string id in chosen.Actives.Where(id => !s_avoidanceIds.Contains(id)))
            {
                if (!actives.TryGetValue(id, out ActiveIngredient? active))
                {
                    names.Add(id);
                }
                else if (draft.Step == RoutineSteps.Sunscreen || !active.Has(ActiveTraits.UvFilter))
                {
                    names.Add(active.Name);
                }
            }

            names.Sort(StringComparer.Ordinal);
            if (draft.Treat is not null)
            {
                names.Remove(draft.Treat.Active.Name);
                names.Insert(0, draft.Treat.Active.Name);
            }

            return names.Count > 0
                ? names
                : chosen.Product.Ingredients.Where(i => !IsWater(i) && !IsAvoidanceMember(i)).Take(3).ToList();
        }

        // Without a product the step advises an ingredient; one the person avoids gives way to the next choice.
        string[] choices = draft.Step switch
        {
            RoutineSteps.Treat => [draft.Treat!.Active.Name],
            RoutineSteps.Sunscreen => profile.Sensitive ? ["Zinc Oxide", "Titanium Dioxide"] : ["broad-spectrum UV filters"],
            RoutineSteps.Moisturise => ["Glycerin", "Squalane", "Ceramides"],
            _ => ["a mild surfactant"],
        };
        return choices.Where(c => !safety.Avoids(c)).Take(1).ToList();
    }

    private bool IsAvoidanceMember(string ingredient) => knowledge.FindActives([ingredient]).Any(s_avoidanceIds.Contains);

    private string AvoidNote()
    {
        if (safety.Groups.Count == 0)
        {
            return "";
        }

        // An allergy that names no known group is matched only by words in ingredient names, so the note states
        // that match rather than promise a product free of it.
        var unrecognised = safety.UnrecognisedAllergies.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var names = safety.Groups
            .Where(g => !(g.Rule == PlanRules.Allergen && unrecognised.Contains(g.Name)))
            .Select(g => g.DisplayName)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        string note = names.Count > 0 ? $" Free of {string.Join(" and ", names)} ingredients." : "";
        if (unrecognised.Count > 0)
        {
            string words = string.Join(" or ", unrecognised.Order(StringComparer.Ordinal).Select(u => $"'{u}'"));
            note += $" No ingredient name contains {words}.";
        }

        return note;
    }

    private static bool IsWater(string ingredient) =>
        ingredient.StartsWith("water", StringComparison.OrdinalIgnoreCase)
        || ingredient.StartsWith("aqua", StringComparison.OrdinalIgnoreCase);

    private static string Lower(SkinType type) => type.ToString().ToLowerInvariant();
}
