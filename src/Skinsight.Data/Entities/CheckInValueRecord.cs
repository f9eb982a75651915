using System.Globalization;
using Skinsight.Core.Analysis;
using Skinsight.Data.Encryption;

namespace Skinsight.Data.Entities;

/// <summary>Where a check-in value came from.</summary>
public enum CheckInValueSource
{
    /// <summary>A measure of the check-in photo's analysis, a 0-100 score.</summary>
    Photo,

    /// <summary>A self-rating from 0 to 10.</summary>
    Rating,

    /// <summary>A reading from a skin sensor, a wearable or the environment.</summary>
    Sensor,
}

/// <summary>One value of one check-in: a photo measure, a self-rating or a sensor reading.</summary>
/// <remarks>
/// <see cref="PersonId"/> is repeated from the check-in so that one person's series are read by index without a
/// join, which the dashboard does on every request. The value itself is health data: it is stored as text
/// encrypted under the person's data key, so the database cannot filter, sort or aggregate on it.
/// </remarks>
public sealed class CheckInValueRecord : IPersonalRecord
{
    public long Id { get; set; }

    public Guid CheckInId { get; set; }

    public Guid PersonId { get; set; }

    public CheckInValueSource Source { get; set; }

    /// <summary>The measure or reading kind, e.g. <c>redness</c>, <c>dryness</c> or <c>hydration</c>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>
    /// For a <see cref="CheckInValueSource.Photo"/> value, whether the photo was a face photo or a close-up of skin,
    /// because the two measure different areas and form separate series. Null for ratings and readings, and for a
    /// photo value stored before this column existed whose check-in no longer has its analysis.
    /// </summary>
    public AnalysisMode? Mode { get; set; }

    /// <summary>The value in <see cref="Unit"/>; not mapped, it reads and writes <see cref="StoredValue"/>.</summary>
    public double Value
    {
        get => double.Parse(StoredValue, NumberStyles.Float, CultureInfo.InvariantCulture);
        set => StoredValue = value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>The value as round-trip invariant text, which is the stored (encrypted) form of <see cref="Value"/>.</summary>
    [Encrypted]
    public string StoredValue { get; set; } = "0";

    /// <summary>The canonical unit of the kind, e.g. <c>score</c>, <c>AU</c> or <c>C</c>.</summary>
    public string Unit { get; set; } = "";

    /// <summary>Standard deviation of the value between re-takes, in <see cref="Unit"/>, or null when unknown.</summary>
    public double? Noise { get; set; }

    /// <summary>When the value was measured, in UTC; a sensor reading may predate its check-in.</summary>
    public DateTime MeasuredAt { get; set; }
}
