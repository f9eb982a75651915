namespace Skinsight.Tracking.Trends;

/// <summary>Settings of <see cref="TrendAnalysis"/>. The defaults suit 0-100 analysis scores checked in weekly.</summary>
public sealed record TrendOptions
{
    /// <summary>Two-sided significance level of the Mann-Kendall test and 1 minus the slope interval's level.</summary>
    public double Alpha { get; init; } = 0.05;

    public BetterDirection Better { get; init; } = BetterDirection.Lower;

    /// <summary>
    /// Noise floor of the measure in value units. When null, the median <see cref="TrendPoint.Noise"/> of the
    /// points is used, and 0 when no point has one.
    /// </summary>
    public double? NoiseFloor { get; init; }

    /// <summary>
    /// A change is called only when |slope × span| exceeds this many noise floors, so that a significant but
    /// smaller drift is still reported as no change.
    /// </summary>
    public double NoiseMultiple { get; init; } = 2;

    /// <summary>Photos with a quality score below this are left out. Null keeps every photo.</summary>
    public double? MinQuality { get; init; } = 50;

    /// <summary>
    /// A point is an outlier when its residual from the Theil-Sen line, minus the median residual, exceeds this
    /// many robust standard deviations. The robust standard deviation is the scaled MAD of the residuals, but
    /// never less than the noise floor, so points within measurement noise are never flagged.
    /// </summary>
    public double OutlierThreshold { get; init; } = 3.5;

    /// <summary>
    /// Penalty for each change point, in multiples of σ² ln n (σ is the series' robust noise and n its length).
    /// 2 is the BIC penalty for the two parameters a mean shift adds: its position and its new mean.
    /// </summary>
    public double ChangePointPenalty { get; init; } = 2;

    /// <summary>Fewest points each segment between change points must have.</summary>
    public int MinSegmentLength { get; init; } = 3;

    /// <summary>Length of one seasonal cycle. A decomposition is made only when the series spans two of them.</summary>
    public TimeSpan SeasonalPeriod { get; init; } = TimeSpan.FromDays(365.25);

    /// <summary>Number of equal time bins one seasonal period is split into (12 gives roughly monthly bins).</summary>
    public int SeasonalBins { get; init; } = 12;
}
