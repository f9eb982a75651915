using Skinsight.Data.Entities;
using Skinsight.Tracking;
using Skinsight.Tracking.Experiments;

namespace Skinsight.Application.Experiments;

/// <summary>Compares one treatment arm with the control arm and applies the O'Brien-Fleming stop rule.</summary>
internal static class ExperimentAnalysis
{
    // Below this |d| the sample size exceeds any realistic experiment and would overflow an int.
    private const double SmallestSizedEffect = 0.001;

    public static ArmComparison Compare(
        ExperimentRecord experiment,
        SequentialDesign design,
        string control,
        IReadOnlyList<double> controlChanges,
        string variant,
        IReadOnlyList<double> treatmentChanges)
    {
        int smaller = Math.Min(controlChanges.Count, treatmentChanges.Count);
        double fraction = Math.Min(1.0, (double)smaller / experiment.PlannedPerArm);

        // Looks sit at k / Looks of the planned sample; the report applies the last look that was reached.
        int look = Math.Min(experiment.Looks, (int)Math.Floor(fraction * experiment.Looks + 1e-9));
        double? boundary = look > 0 ? design.Boundaries[look - 1] : null;

        ExperimentComparison stats;
        try
        {
            stats = ExperimentStatistics.Compare(controlChanges, treatmentChanges, 1 - ExperimentService.Alpha);
        }
        catch (TrackingException ex)
        {
            return new ArmComparison(
                variant, control, controlChanges.Count, treatmentChanges.Count,
                null, null, null, null, null, null, null, "neither", null, fraction, look, boundary, "continue", ex.Message);
        }

        // NOTE: Welch's t stands in for the z statistic of the boundary, which is close once each arm has a
        // few dozen people. Each treatment arm is judged on its own, without a correction for several arms.
        string decision = look == 0 ? "continue" : Describe(design.Decide(look, stats.T));
        int? required = double.IsFinite(stats.CohensD) && Math.Abs(stats.CohensD) >= SmallestSizedEffect
            ? ExperimentStatistics.SampleSizePerArm(stats.CohensD, ExperimentService.Alpha, ExperimentService.Power)
            : null;
        return new ArmComparison(
            variant, control, stats.ControlCount, stats.TreatmentCount,
            stats.Difference, stats.Lower, stats.Upper, stats.PValue,
            stats.CohensD, stats.CohensDLower, stats.CohensDUpper,
            Favours(stats, experiment.Better), required, fraction, look, boundary, decision, null);
    }

    private static string Favours(ExperimentComparison stats, string better)
    {
        if (stats.Lower <= 0 && stats.Upper >= 0)
        {
            return "neither";
        }

        bool treatmentLower = stats.Upper < 0;
        return treatmentLower == (better == ExperimentValidation.Lower) ? "treatment" : "control";
    }

    private static string Describe(StopDecision decision) => decision switch
    {
        StopDecision.Continue => "continue",
        StopDecision.StopForEffect => "stop: effect",
        StopDecision.StopNoEffect => "stop: no effect",
        _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, "Unknown stop decision."),
    };
}
