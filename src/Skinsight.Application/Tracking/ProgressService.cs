using Skinsight.Core.Plans;
using Skinsight.Data;
using Skinsight.Data.Entities;
using Skinsight.Tracking;
using Skinsight.Tracking.CheckIns;
using Skinsight.Tracking.Regression;
using Skinsight.Tracking.Trends;

namespace Skinsight.Application.Tracking;

/// <summary>Builds one person's progress dashboard from the stored check-ins.</summary>
public sealed class ProgressService(SkinsightStore store, AdjustmentRules? rules = null, TimeProvider? clock = null)
{
    private readonly AdjustmentRules _rules = rules ?? AdjustmentRules.Default;
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>Reads the person's check-ins and returns every measure's trend and effects, and plan advice.</summary>
    public async Task<ProgressDashboard> GetDashboardAsync(Guid personId, CancellationToken cancellationToken = default)
    {
        var history = await store.LoadCheckInHistoryAsync(personId, cancellationToken);
        var plans = await LoadPlansAsync(personId, history.Steps, cancellationToken);
        var newestPlan = (await store.ListPlansAsync(personId, limit: 1, cancellationToken)).FirstOrDefault();
        if (newestPlan is not null && !plans.ContainsKey(newestPlan.Id))
        {
            plans[newestPlan.Id] = SkinsightStore.ReadPlan(newestPlan);
        }

        var exposures = Exposures.ByCheckIn(history.Steps, plans);
        var quality = history.CheckIns.ToDictionary(c => c.Id, c => c.PhotoQuality);
        var measures = history.Values
            .GroupBy(v => (v.Kind, Mode: PhotoSeries.ModeOf(v)))
            .Select(series => Analyze(series.Key.Kind, series.Key.Mode, series.ToList(), quality, exposures))
            .OrderBy(m => SourceOrder(m.Source))
            .ThenBy(m => m.Kind, StringComparer.Ordinal)
            .ThenBy(m => ModeOrder(m.Mode))
            .ToList();

        var now = _clock.GetUtcNow();
        var advice = newestPlan is null
            ? []
            : _rules.Advise(newestPlan.Id, newestPlan.CreatedAt, plans[newestPlan.Id], measures, now);
        return new ProgressDashboard(now, history.CheckIns.Count, measures, advice);
    }

    /// <summary>Composes the first and the newest check-in photos side by side, aligned on the face (PNG).</summary>
    /// <exception cref="TrackingException">
    /// Fewer than two check-ins have a photo, a photo was not kept, or a photo has no face box.
    /// </exception>
    public async Task<byte[]> BeforeAfterAsync(Guid personId, CancellationToken cancellationToken = default)
    {
        var history = await store.LoadCheckInHistoryAsync(personId, cancellationToken);
        var withPhotos = history.CheckIns.Where(c => c.AnalysisId is not null).ToList();
        if (withPhotos.Count < 2)
        {
            throw new TrackingException(
                $"A before-and-after picture needs two check-ins with a photo, but {withPhotos.Count} have one; add a check-in with a selfie.");
        }

        var before = await LoadComparisonPhotoAsync(personId, withPhotos[0], cancellationToken);
        var after = await LoadComparisonPhotoAsync(personId, withPhotos[^1], cancellationToken);
        return BeforeAfterImage.Compose(before, after);
    }

    private async Task<ComparisonPhoto> LoadComparisonPhotoAsync(
        Guid personId, CheckInSummary checkIn, CancellationToken cancellationToken)
    {
        var analysisId = checkIn.AnalysisId!.Value;
        var record = await store.FindAnalysisAsync(personId, analysisId, cancellationToken)
            ?? throw new TrackingException($"The analysis {analysisId} of check-in {checkIn.Id} is missing from the store.");
        var photo = await store.LoadPhotoAsync(personId, analysisId, cancellationToken)
            ?? throw new TrackingException(
                $"The photo of check-in {checkIn.Id} was not kept, so it cannot be shown; keep photos to compare them.");
        return new ComparisonPhoto(photo, SkinsightStore.ReadAnalysis(record), ToOffset(checkIn.TakenAt));
    }

    private async Task<Dictionary<Guid, SkincarePlan>> LoadPlansAsync(
        Guid personId, IReadOnlyList<CheckInStepRecord> steps, CancellationToken cancellationToken)
    {
        var plans = new Dictionary<Guid, SkincarePlan>();
        foreach (var planId in steps.Select(s => s.PlanId).Distinct())
        {
            var record = await store.FindPlanAsync(personId, planId, cancellationToken);
            if (record is not null)
            {
                plans[planId] = SkinsightStore.ReadPlan(record);
            }
        }

        return plans;
    }

    private static MeasureProgress Analyze(
        string kindName,
        string? mode,
        List<CheckInValueRecord> values,
        Dictionary<Guid, double?> quality,
        IReadOnlyDictionary<Guid, Exposures> exposures)
    {
        var kind = ValueKinds.Find(kindName);
        var source = values[0].Source;
        var points = values
            .Select(v => new TrendPoint(
                ToOffset(v.MeasuredAt),
                v.Value,
                v.Noise,
                source == CheckInValueSource.Photo ? quality.GetValueOrDefault(v.CheckInId) : null))
            .ToList();

        TrendReport? report = null;
        string? trendNote = null;
        try
        {
            report = TrendAnalysis.Analyze(points, TrendOptionsFor(kind));
        }
        catch (TrackingException ex)
        {
            trendNote = ex.Message;
        }

        var (effects, effectsNote) = FitEffects(values, quality, exposures, report);
        return new MeasureProgress(
            kind.Name,
            mode,
            PhotoSeries.Label(kind.Name, mode),
            SourceName(source),
            kind.Unit,
            kind.Better is { } better ? better.ToString().ToLowerInvariant() : null,
            ToProgressPoints(points, report),
            report is null ? null : Summarize(report, kind),
            trendNote,
            effects,
            effectsNote);
    }

    private static (IReadOnlyList<EffectSummary>, string?) FitEffects(
        List<CheckInValueRecord> values,
        Dictionary<Guid, double?> quality,
        IReadOnlyDictionary<Guid, Exposures> exposures,
        TrendReport? report)
    {
        // Values the trend flagged as outliers are left out of the regression as well.
        var outliers = report?.Flagged.Where(f => f.Reason == FlagReason.Outlier).Select(f => f.Point.Time).ToHashSet()
            ?? [];
        var used = values
            .Where(v => exposures.ContainsKey(v.CheckInId) && !outliers.Contains(ToOffset(v.MeasuredAt)))
            .ToList();
        if (used.Count == 0)
        {
            return ([], "No check-in of this measure records the routine steps used, so no effect can be estimated.");
        }

        // Adherence is known only where a check-in reports a step without an active. The placeholder 1 is never
        // fitted, because adherence is then left out of the model.
        bool adherenceKnown = used.All(v => exposures[v.CheckInId].Adherence is not null);
        var checkIns = used
            .Select(v => new CheckIn(
                "self",
                ToOffset(v.MeasuredAt),
                v.Value,
                exposures[v.CheckInId].ByActive,
                exposures[v.CheckInId].Adherence ?? 1,
                v.Source == CheckInValueSource.Photo ? quality.GetValueOrDefault(v.CheckInId) : null))
            .ToList();
        var notes = new List<string>();
        if (!adherenceKnown)
        {
            notes.Add("Some check-ins report only steps with an active, so adherence to the rest of the routine "
                + "is left out of the fit.");
        }

        try
        {
            var fit = EffectRegression.FitPerson(checkIns, new RegressionOptions { AdjustForAdherence = adherenceKnown });
            if (adherenceKnown && fit.Aliased.Count > 0 && fit.Dropped.Contains(EffectRegression.AdherenceTerm))
            {
                // Adherence changed exactly with the actives, so keeping it would hide them. The actives are fitted
                // without it, and the note warns that their estimates may include the effect of adherence.
                fit = EffectRegression.FitPerson(checkIns, new RegressionOptions { AdjustForAdherence = false });
                notes.Add("Adherence to the steps without an active changed together with "
                    + $"{string.Join(", ", fit.Effects.Select(e => e.Term))}, so it is left out of the fit and "
                    + "these estimates may include the effect of following the routine as a whole.");
            }

            var effects = fit.Effects
                .Select(e => new EffectSummary(e.Term, e.Estimate, e.Lower, e.Upper, e.PValue, fit.Observations, "person"))
                .ToList();
            if (effects.Count == 0)
            {
                notes.Add(NoEffectNote(fit));
            }

            return (effects, notes.Count > 0 ? string.Join(" ", notes) : null);
        }
        catch (TrackingException ex)
        {
            notes.Add(ex.Message);
            return ([], string.Join(" ", notes));
        }
    }

    private static string NoEffectNote(EffectFit fit)
    {
        var inseparable = fit.Aliased
            .Concat(fit.Dropped.Where(t => t is not (EffectRegression.AdherenceTerm or EffectRegression.SeasonSinTerm
                or EffectRegression.SeasonCosTerm)))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return inseparable.Count == 0
            ? "The steps reported name no active of the ingredient knowledge, so no effect can be estimated."
            : $"No active varied independently of the others and of adherence ({string.Join(", ", inseparable)}), "
                + "so no effect can be separated; an active needs check-ins both with and without it.";
    }

    private static TrendOptions TrendOptionsFor(ValueKind kind) => new()
    {
        Better = kind.Better ?? BetterDirection.Lower,
        NoiseFloor = kind.NoiseFloor,
    };

    private static TrendSummary Summarize(TrendReport report, ValueKind kind)
    {
        var options = TrendOptionsFor(kind);
        string verdict = (report.Verdict, kind.Better) switch
        {
            (TrendVerdict.NoChange, _) => "no-change",
            (_, null) => report.FittedChange > 0 ? "rising" : "falling",
            (TrendVerdict.Improving, _) => "improving",
            _ => "worsening",
        };
        return new TrendSummary(
            verdict,
            report.Line.Slope,
            report.Line.SlopeLower,
            report.Line.SlopeUpper,
            report.FittedChange,
            report.NoiseFloor,
            report.NoiseFloor * options.NoiseMultiple,
            report.MannKendall.PValue,
            report.MannKendall.Tau,
            report.SpanDays,
            report.Line.Intercept,
            report.Points[0].Time,
            report.ChangePoints.Select(c => new ChangePointSummary(c.Time, c.MeanBefore, c.MeanAfter)).ToList(),
            report.Seasonal?.Amplitude);
    }

    private static List<ProgressPoint> ToProgressPoints(List<TrendPoint> points, TrendReport? report)
    {
        var flags = report?.Flagged.ToDictionary(f => f.Point.Time, f => f.Reason) ?? [];
        return points
            .Select(p => new ProgressPoint(
                p.Time,
                p.Value,
                p.Noise,
                p.Quality,
                flags.TryGetValue(p.Time, out var reason) ? FlagName(reason) : null))
            .ToList();
    }

    private static string FlagName(FlagReason reason) => reason switch
    {
        FlagReason.LowQuality => "low-quality",
        FlagReason.Outlier => "outlier",
        _ => reason.ToString().ToLowerInvariant(),
    };

    private static string SourceName(CheckInValueSource source) => source.ToString().ToLowerInvariant();

    private static int SourceOrder(string source) => source switch
    {
        "photo" => 0,
        "rating" => 1,
        _ => 2,
    };

    private static int ModeOrder(string? mode) => mode switch
    {
        null or PhotoSeries.Face => 0,
        PhotoSeries.Closeup => 1,
        _ => 2,
    };

    private static DateTimeOffset ToOffset(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
}
