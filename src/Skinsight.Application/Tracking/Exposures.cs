using Skinsight.Core.Plans;
using Skinsight.Data.Entities;

namespace Skinsight.Application.Tracking;

/// <summary>What one check-in reports as used: exposure to each active and overall adherence.</summary>
/// <param name="ByActive">Exposure to each key ingredient of the steps reported, from 0 to 1.</param>
/// <param name="Adherence">Mean use over the steps reported, from 0 to 1.</param>
internal sealed record Exposures(IReadOnlyDictionary<string, double> ByActive, double Adherence)
{
    /// <summary>
    /// Derives each check-in's exposures from its step uses and the plans' key ingredients. An active in several
    /// steps takes the largest use among them. Check-ins without step uses are absent from the result, because
    /// their exposure is unknown rather than zero.
    /// </summary>
    public static IReadOnlyDictionary<Guid, Exposures> ByCheckIn(
        IReadOnlyList<CheckInStepRecord> steps,
        IReadOnlyDictionary<Guid, SkincarePlan> plans)
    {
        var result = new Dictionary<Guid, Exposures>();
        foreach (var checkIn in steps.GroupBy(s => s.CheckInId))
        {
            var byActive = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
            foreach (var use in checkIn)
            {
                foreach (string active in Ingredients(use, plans))
                {
                    byActive[active] = Math.Max(byActive.GetValueOrDefault(active), use.Used);
                }
            }

            result[checkIn.Key] = new Exposures(byActive, checkIn.Average(s => s.Used));
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
