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
                null, null, null, null, null, null, null, "neither", null, fraction, look, boundary, null,
                Decide(experiment, StopDecision.Continue), ex.Message);
        }

        // The boundary is on the z scale, so the Welch t is converted to the z with the same p. NOTE: each
        // treatment arm is judged on its own, without a correction for several arms.
        double z = stats.Z;
        string decision = Decide(experiment, look == 0 ? StopDecision.Continue : design.Decide(look, z));
        int? required = double.IsFinite(stats.CohensD) && Math.Abs(stats.CohensD) >= SmallestSizedEffect
            ? ExperimentStatistics.SampleSizePerArm(stats.CohensD, ExperimentService.Alpha, ExperimentService.Power)
            : null;
        return new ArmComparison(
            variant, control, stats.ControlCount, stats.TreatmentCount,
            stats.Difference, stats.Lower, stats.Upper, stats.PValue,
            stats.CohensD, stats.CohensDLower, stats.CohensDUpper,
            Favours(stats, experiment.Better), required, fraction, look, boundary, z, decision, null);
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

    /// <summary>
    /// Returns the stop rule's decision in words. After an operator has stopped the experiment, the words state
    /// that and whether the rule had reached a conclusion by then.
    /// </summary>
    private static string Decide(ExperimentRecord experiment, StopDecision decision)
    {
        bool stopped = experiment.Status != ExperimentStatus.Running;
        return decision switch
        {
            StopDecision.Continue => stopped ? "stopped early: no conclusion" : "continue",
            StopDecision.StopForEffect => stopped ? "stopped: effect" : "stop: effect",
            StopDecision.StopNoEffect => stopped ? "stopped: no effect" : "stop: no effect",
            _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, "Unknown stop decision."),
        };
    }
}
