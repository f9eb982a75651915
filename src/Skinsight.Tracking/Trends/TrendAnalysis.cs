namespace Skinsight.Tracking.Trends;

/// <summary>The full analysis of one measure's series.</summary>
/// <param name="Points">The points the trend was fitted on, in time order.</param>
/// <param name="Flagged">Points left out of the trend, with the reason.</param>
/// <param name="SpanDays">Days from the first to the last point used.</param>
/// <param name="NoiseFloor">Noise floor the verdict was judged against, in value units.</param>
/// <param name="FittedChange">Slope × span: the change over the series that the Theil-Sen line implies.</param>
/// <param name="Seasonal">The decomposition, or null when the series spans less than two seasonal periods.</param>
public sealed record TrendReport(
    IReadOnlyList<TrendPoint> Points,
    IReadOnlyList<FlaggedPoint> Flagged,
    double SpanDays,
    TheilSenFit Line,
    MannKendallResult MannKendall,
    double NoiseFloor,
    double FittedChange,
    TrendVerdict Verdict,
    IReadOnlyList<ChangePoint> ChangePoints,
    SeasonalDecomposition? Seasonal);

/// <summary>Tells real change in a measure from measurement noise.</summary>
public static class TrendAnalysis
{
    /// <summary>Fewest usable points a trend is computed from.</summary>
    public const int MinimumPoints = 3;

    /// <summary>
    /// Fewest usable points before outliers are looked for. With fewer, the line and the MAD of its residuals
    /// rest on too few points to tell one bad value from a real change.
    /// </summary>
    public const int MinimumPointsForOutliers = 5;

    /// <summary>
    /// Analyses a series: leaves out low-quality photos and outliers, fits a Theil-Sen line, runs the Mann-Kendall
    /// test and gives a verdict, then looks for change points and, on long series, seasonality.
    /// </summary>
    /// <remarks>
    /// The verdict is <see cref="TrendVerdict.NoChange"/> unless the Mann-Kendall p-value is below
    /// <see cref="TrendOptions.Alpha"/> and |<see cref="TrendReport.FittedChange"/>| exceeds
    /// <see cref="TrendOptions.NoiseMultiple"/> × the noise floor. Outliers are found once, against a line fitted
    /// to all photos of acceptable quality, and the final line is refitted without them.
    /// </remarks>
    /// <exception cref="TrackingException">
    /// Two points share a timestamp, or fewer than <see cref="MinimumPoints"/> usable points remain.
    /// </exception>
    public static TrendReport Analyze(IEnumerable<TrendPoint> points, TrendOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        options ??= new TrendOptions();
        ValidateOptions(options);
        var ordered = points.OrderBy(p => p.Time).ToList();
        RejectInvalidPoints(ordered);

        var flagged = new List<FlaggedPoint>();
        var usable = new List<TrendPoint>();
        foreach (var point in ordered)
        {
            if (point.Quality < options.MinQuality)
            {
                flagged.Add(new FlaggedPoint(point, FlagReason.LowQuality, null));
            }
            else
            {
                usable.Add(point);
            }
        }

        RequireEnough(usable.Count, ordered.Count);
        var noiseFloor = options.NoiseFloor ?? MedianNoise(usable);
        var kept = usable.Count >= MinimumPointsForOutliers
            ? RemoveOutliers(usable, noiseFloor, options, flagged)
            : usable;
        RequireEnough(kept.Count, ordered.Count);

        var days = DaysSinceFirst(kept);
        var values = kept.Select(p => p.Value).ToArray();
        var mannKendall = MannKendall.Test(values);
        var line = TheilSen.Fit(days, values, mannKendall.Variance, 1 - options.Alpha, PairWeighting.TimeGap);
        var span = days[^1];
        var change = line.Slope * span;
        var verdict = Judge(mannKendall, change, noiseFloor, options);

        var times = kept.Select(p => p.Time).ToArray();
        var changePoints = ChangePointDetector.Detect(
            times, values, noiseFloor, options.ChangePointPenalty, options.MinSegmentLength);
        var seasonal = SeasonalDecomposer.Decompose(times, values, options.SeasonalPeriod, options.SeasonalBins);
        flagged.Sort((a, b) => a.Point.Time.CompareTo(b.Point.Time));
        return new TrendReport(
            kept, flagged, span, line, mannKendall, noiseFloor, change, verdict, changePoints, seasonal);
    }

    private static TrendVerdict Judge(MannKendallResult test, double change, double noiseFloor, TrendOptions options)
    {
        if (test.PValue >= options.Alpha || Math.Abs(change) <= options.NoiseMultiple * noiseFloor)
        {
            return TrendVerdict.NoChange;
        }

        var rising = change > 0;
        return rising == (options.Better == BetterDirection.Higher) ? TrendVerdict.Improving : TrendVerdict.Worsening;
    }

    private static List<TrendPoint> RemoveOutliers(
        List<TrendPoint> usable,
        double noiseFloor,
        TrendOptions options,
        List<FlaggedPoint> flagged)
    {
        var days = DaysSinceFirst(usable);
        var values = usable.Select(p => p.Value).ToArray();
        var line = TheilSen.Fit(days, values, varianceOfS: 0, weighting: PairWeighting.TimeGap);
        var residuals = values.Select((v, i) => v - line.Predict(days[i])).ToArray();
        var centre = RobustStatistics.Median(residuals);
        var spread = Math.Max(RobustStatistics.ScaledMad(residuals), noiseFloor);

        var kept = new List<TrendPoint>(usable.Count);
        for (var i = 0; i < usable.Count; i++)
        {
            // A zero spread means the points lie exactly on a line with no known noise floor, so nothing is flagged.
            if (spread > 0 && Math.Abs(residuals[i] - centre) > options.OutlierThreshold * spread)
            {
                flagged.Add(new FlaggedPoint(usable[i], FlagReason.Outlier, residuals[i]));
            }
            else
            {
                kept.Add(usable[i]);
            }
        }

        return kept;
    }

    private static double MedianNoise(IEnumerable<TrendPoint> points)
    {
        var noises = points.Where(p => p.Noise is not null).Select(p => p.Noise!.Value).ToList();
        return noises.Count == 0 ? 0 : RobustStatistics.Median(noises);
    }

    private static double[] DaysSinceFirst(IReadOnlyList<TrendPoint> points) =>
        points.Select(p => (p.Time - points[0].Time).TotalDays).ToArray();

    private static void ValidateOptions(TrendOptions options)
    {
        if (!(options.Alpha is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Alpha, "Alpha must be between 0 and 1.");
        }

        if (options.NoiseFloor is < 0 || options.NoiseMultiple < 0 || options.OutlierThreshold <= 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), "The noise floor and its multiple must not be negative, and the outlier threshold must be positive.");
        }
    }

    private static void RejectInvalidPoints(List<TrendPoint> ordered)
    {
        foreach (var point in ordered.Where(p => !double.IsFinite(p.Value) || p.Noise is < 0 || !IsFiniteOrNull(p.Noise)))
        {
            throw new TrackingException(
                $"The check-in at {point.Time:O} has value {point.Value} and noise {point.Noise}; " +
                "values must be finite numbers and noise a finite number of at least 0.");
        }

        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].Time == ordered[i - 1].Time)
            {
                throw new TrackingException(
                    $"Two check-ins share the timestamp {ordered[i].Time:O}; keep one value per check-in time.");
            }
        }
    }

    private static bool IsFiniteOrNull(double? value) => value is null || double.IsFinite(value.Value);

    private static void RequireEnough(int usable, int total)
    {
        if (usable < MinimumPoints)
        {
            throw new TrackingException(
                $"A trend needs at least {MinimumPoints} usable check-ins but {usable} of {total} are usable; " +
                "add check-ins with well-lit, sharp photos.");
        }
    }
}
