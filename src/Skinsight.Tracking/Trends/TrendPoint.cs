namespace Skinsight.Tracking.Trends;

/// <summary>One check-in of one measure.</summary>
/// <param name="Time">When the photo was taken or the rating was given.</param>
/// <param name="Value">The measure's value, e.g. a 0-100 analysis score.</param>
/// <param name="Noise">
/// Standard deviation of the value between re-takes of the same photo, or null when unknown
/// (see <c>MeasureResult.Noise</c>).
/// </param>
/// <param name="Quality">The photo's 0-100 quality score, or null for values that do not come from a photo.</param>
public sealed record TrendPoint(DateTimeOffset Time, double Value, double? Noise = null, double? Quality = null);

/// <summary>Which way of moving counts as improving for a measure.</summary>
public enum BetterDirection
{
    /// <summary>A falling value is an improvement, as for analysis scores where 100 is most severe.</summary>
    Lower,

    /// <summary>A rising value is an improvement, as for a self-rating of how good the skin feels.</summary>
    Higher,
}

/// <summary>The verdict on a series: a change is called only when it is significant and larger than the noise.</summary>
public enum TrendVerdict
{
    NoChange,
    Improving,
    Worsening,
}

/// <summary>Why a point was left out of the trend.</summary>
public enum FlagReason
{
    /// <summary>The photo's quality score was below <see cref="TrendOptions.MinQuality"/>.</summary>
    LowQuality,

    /// <summary>The residual from the Theil-Sen line was beyond <see cref="TrendOptions.OutlierThreshold"/>.</summary>
    Outlier,
}

/// <summary>A point left out of the trend, with the reason and, for outliers, its residual from the line.</summary>
public sealed record FlaggedPoint(TrendPoint Point, FlagReason Reason, double? Residual);
