using System.Diagnostics;
using Skinsight.Core.Catalog;
using Skinsight.Core.Plans;
using Skinsight.Core.Profiles;

namespace Skinsight.Planning.Safety;

/// <summary>The outcome of planning for many profiles and checking every plan.</summary>
/// <param name="Plans">Plans built and checked.</param>
/// <param name="Violations">Violations found across all plans.</param>
/// <param name="ByRule">Violation count per rule id.</param>
/// <param name="Examples">Up to 20 violations with the profile that produced them, for reading.</param>
/// <param name="MeanPlanMs">Mean wall time of one <see cref="RoutinePlanner.Build"/> call, in milliseconds.</param>
/// <param name="MaxPlanMs">Slowest <see cref="RoutinePlanner.Build"/> call, in milliseconds.</param>
public sealed record SafetyReport(
    int Plans,
    int Violations,
    int PlansWithViolations,
    IReadOnlyDictionary<string, int> ByRule,
    IReadOnlyList<string> Examples,
    double MeanPlanMs,
    double MaxPlanMs);

/// <summary>Builds a plan for each profile, checks it with <see cref="PlanSafetyChecker"/> and counts violations.</summary>
public static class SafetyEvaluation
{
    private const int MaxExamples = 20;

    public static SafetyReport Run(
        RoutinePlanner planner,
        PlanSafetyChecker checker,
        IReadOnlyList<Product> catalog,
        IEnumerable<SkinProfile> profiles)
    {
        ArgumentNullException.ThrowIfNull(planner);
        ArgumentNullException.ThrowIfNull(checker);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(profiles);

        // The first call builds the per-catalog index; it is timed apart from the steady state.
        planner.Build(new SkinProfile(), null, catalog);

        int plans = 0;
        int violations = 0;
        int failing = 0;
        double totalMs = 0;
        double maxMs = 0;
        var byRule = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var examples = new List<string>();
        foreach (SkinProfile profile in profiles)
        {
            long start = Stopwatch.GetTimestamp();
            SkincarePlan plan = planner.Build(profile, null, catalog);
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            totalMs += ms;
            maxMs = Math.Max(maxMs, ms);
            plans++;

            IReadOnlyList<SafetyViolation> found = checker.Check(plan, profile, catalog);
            violations += found.Count;
            failing += found.Count > 0 ? 1 : 0;
            foreach (SafetyViolation violation in found)
            {
                byRule[violation.Rule] = byRule.GetValueOrDefault(violation.Rule) + 1;
                if (examples.Count < MaxExamples)
                {
                    examples.Add($"{Describe(profile)}: {violation.Routine}[{violation.Step}] {violation.Rule}: {violation.Message}");
                }
            }
        }

        return new SafetyReport(plans, violations, failing, byRule, examples, plans == 0 ? 0 : totalMs / plans, maxMs);
    }

    private static string Describe(SkinProfile p) =>
        $"pregnant={p.Pregnant} breastfeeding={p.Breastfeeding} sensitive={p.Sensitive} "
        + $"allergies=[{string.Join(",", p.Allergies)}] skin={p.SkinType} concerns=[{string.Join(",", p.Concerns)}] budget={p.BudgetUsd}";
}
