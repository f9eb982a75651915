using Skinsight.Catalog.Ingredients;
using Skinsight.Core.Plans;
using Skinsight.Data.Entities;

namespace Skinsight.Application.Tracking;

/// <summary>What one check-in reports as used: exposure to each active and adherence to the rest of the routine.</summary>
/// <param name="ByActive">
/// Exposure to each curated active (by its knowledge id, e.g. <c>adapalene</c>) named by the steps reported, from 0
/// to 1.
/// </param>
/// <param name="Adherence">
/// Mean use over the reported steps that carry no tracked active, from 0 to 1, or null when every reported step
/// carries one.
/// </param>
internal sealed record Exposures(IReadOnlyDictionary<string, double> ByActive, double? Adherence)
{
    /// <summary>
    /// Derives each check-in's exposures from its step uses and the plans' key ingredients. Only key ingredients
    /// that the ingredient knowledge lists as actives count, so a cleanser's "a mild surfactant" is no exposure.
    /// An active in several steps takes the largest use among them. Check-ins without step uses are absent from
    /// the result, because their exposure is unknown rather than zero.
    /// </summary>
    /// <remarks>
    /// Adherence leaves out the steps with an active because a mean over all steps is a weighted sum of the
    /// exposures, which makes every active inseparable from adherence in the regression.
    /// </remarks>
    public static IReadOnlyDictionary<Guid, Exposures> ByCheckIn(
        IReadOnlyList<CheckInStepRecord> steps,
        IReadOnlyDictionary<Guid, SkincarePlan> plans,
        IngredientKnowledge? knowledge = null)
    {
        knowledge ??= IngredientKnowledge.LoadDefault();
        var result = new Dictionary<Guid, Exposures>();
        foreach (var checkIn in steps.GroupBy(s => s.CheckInId))
        {
            var byActive = new Dictionary<string, double>(StringComparer.Ordinal);
            var withoutActive = new List<double>();
            foreach (var use in checkIn)
            {
                var actives = knowledge.FindActives(Ingredients(use, plans));
                if (actives.Count == 0)
                {
                    withoutActive.Add(use.Used);
                }

                foreach (var active in actives)
                {
                    byActive[active.Id] = Math.Max(byActive.GetValueOrDefault(active.Id), use.Used);
                }
            }

            double? adherence = withoutActive.Count > 0 ? withoutActive.Average() : null;
            result[checkIn.Key] = new Exposures(byActive, adherence);
        }

        return result;
    }

    /// <summary>Returns the key ingredients of the used step, or none when its plan or position is unknown.</summary>
    public static IReadOnlyList<string> Ingredients(CheckInStepRecord use, IReadOnlyDictionary<Guid, SkincarePlan> plans)
    {
        if (!plans.TryGetValue(use.PlanId, out var plan))
        {
            return [];
        }

        var routine = use.Routine == "am" ? plan.Am : plan.Pm;
        return use.StepIndex < routine.Count ? routine[use.StepIndex].Ingredients : [];
    }
}
