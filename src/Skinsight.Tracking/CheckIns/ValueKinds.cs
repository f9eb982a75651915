using System.Globalization;
using Skinsight.Core.Analysis;
using Skinsight.Tracking.Trends;

namespace Skinsight.Tracking.CheckIns;

/// <summary>One kind of check-in value with its canonical unit, its plausible range and which way is better.</summary>
/// <param name="Name">Stable name used in requests, storage and the dashboard.</param>
/// <param name="Unit">Canonical unit values are stored in.</param>
/// <param name="Min">Smallest plausible value in <paramref name="Unit"/>.</param>
/// <param name="Max">Largest plausible value in <paramref name="Unit"/>.</param>
/// <param name="Better">Which way is an improvement, or null for context values such as the weather.</param>
/// <param name="NoiseFloor">
/// Noise floor for trends when the values carry no noise of their own, or null to use the values' noise.
/// </param>
public sealed record ValueKind(string Name, string Unit, double Min, double Max, BetterDirection? Better, double? NoiseFloor);

/// <summary>A unit accepted on input and how it converts to the kind's canonical unit.</summary>
internal sealed record UnitAlias(string Alias, Func<double, double> ToCanonical);

/// <summary>The known self-ratings and sensor readings, and the photo measures' kind.</summary>
public static class ValueKinds
{
    /// <summary>Unit of photo measures and self-ratings.</summary>
    public const string ScoreUnit = "score";

    public const string Dryness = "dryness";
    public const string Oiliness = "oiliness";
    public const string Irritation = "irritation";
    public const string Satisfaction = "satisfaction";

    public const string Hydration = "hydration";
    public const string Sebum = "sebum";
    public const string SkinTemperature = "skin-temperature";
    public const string UvDose = "uv-dose";
    public const string AmbientHumidity = "ambient-humidity";
    public const string AmbientTemperature = "ambient-temperature";

    // Self-ratings are whole or half steps on a 0-10 scale, so one step is the smallest change a person can
    // report. NOTE: this is a design choice, not a measured re-rating noise.
    private const double RatingNoiseFloor = 1;

    /// <summary>Self-ratings, 0-10, keyed by name.</summary>
    public static IReadOnlyDictionary<string, ValueKind> Ratings { get; } = new Dictionary<string, ValueKind>
    {
        [Dryness] = new(Dryness, ScoreUnit, 0, 10, BetterDirection.Lower, RatingNoiseFloor),
        [Oiliness] = new(Oiliness, ScoreUnit, 0, 10, BetterDirection.Lower, RatingNoiseFloor),
        [Irritation] = new(Irritation, ScoreUnit, 0, 10, BetterDirection.Lower, RatingNoiseFloor),
        [Satisfaction] = new(Satisfaction, ScoreUnit, 0, 10, BetterDirection.Higher, RatingNoiseFloor),
    };

    /// <summary>Sensor and wearable readings keyed by name.</summary>
    /// <remarks>
    /// NOTE: the ranges are estimates of what skin meters and weather can plausibly report (hydration in
    /// corneometer arbitrary units, sebum in µg/cm², UV dose in standard erythema doses), not values from a
    /// device datasheet. Widen them here if a real device reports more.
    /// Sensors send no noise of their own, so each kind's noise floor is the reading's resolution: the smallest
    /// step a meter usually shows. A floor of 0 let the outlier rule flag ordinary points of a steady series,
    /// because the robust spread of a few residuals can be tiny. NOTE: the resolutions are estimates too.
    /// </remarks>
    public static IReadOnlyDictionary<string, ValueKind> Sensors { get; } = new Dictionary<string, ValueKind>
    {
        [Hydration] = new(Hydration, "AU", 0, 120, BetterDirection.Higher, 1),
        [Sebum] = new(Sebum, "ug/cm2", 0, 350, null, 1),
        [SkinTemperature] = new(SkinTemperature, "C", 20, 42, null, 0.1),
        [UvDose] = new(UvDose, "SED", 0, 100, null, 0.1),
        [AmbientHumidity] = new(AmbientHumidity, "%", 0, 100, null, 1),
        [AmbientTemperature] = new(AmbientTemperature, "C", -60, 60, null, 0.1),
    };

    private static readonly Dictionary<string, IReadOnlyList<UnitAlias>> s_aliases = new()
    {
        [Hydration] = [new("AU", v => v), new("a.u.", v => v)],
        [Sebum] = [new("ug/cm2", v => v), new("µg/cm2", v => v), new("µg/cm²", v => v)],
        [SkinTemperature] = [new("C", v => v), new("°C", v => v), new("F", FahrenheitToCelsius), new("°F", FahrenheitToCelsius)],
        [UvDose] = [new("SED", v => v), new("J/m2", v => v / 100), new("J/m²", v => v / 100)],
        [AmbientHumidity] = [new("%", v => v), new("%RH", v => v)],
        [AmbientTemperature] = [new("C", v => v), new("°C", v => v), new("F", FahrenheitToCelsius), new("°F", FahrenheitToCelsius)],
    };

    /// <summary>
    /// Returns the kind of a photo measure: a 0-100 score where lower is better, except evenness of tone, where
    /// 100 is a perfectly even tone.
    /// </summary>
    public static ValueKind Measure(string name) => new(
        name,
        ScoreUnit,
        0,
        100,
        name == MeasureNames.Evenness ? BetterDirection.Higher : BetterDirection.Lower,
        name == MeasureNames.Pores ? UnmeasuredNoiseFloor : null);

    // Pores scores carry no noise, because no shared photo resolves pores to measure it. A floor of 0 would report
    // every significant change, so trends use the largest noise measured for any photo measure (dark circles, 9.6),
    // rounded up. NOTE: a design choice until the pores noise is measured on photos that resolve pores.
    private const double UnmeasuredNoiseFloor = 10;

    /// <summary>Returns the kind of any stored value name: a rating, a sensor reading or else a photo measure.</summary>
    public static ValueKind Find(string name) =>
        Ratings.TryGetValue(name, out var rating) ? rating
        : Sensors.TryGetValue(name, out var sensor) ? sensor
        : Measure(name);

    /// <summary>Checks a self-rating and returns its kind.</summary>
    /// <exception cref="TrackingException">The name is unknown or the value is outside 0-10.</exception>
    public static ValueKind ValidateRating(string name, double value)
    {
        if (!Ratings.TryGetValue(name, out var kind))
        {
            throw new TrackingException(
                $"Unknown self-rating '{name}'; use one of {string.Join(", ", Ratings.Keys)}.");
        }

        if (!double.IsFinite(value) || value < kind.Min || value > kind.Max)
        {
            throw new TrackingException(
                $"The {kind.Name} rating {Round(value)} is outside {Round(kind.Min)} to {Round(kind.Max)}; rate from "
                + $"{Round(kind.Min)} (none) to {Round(kind.Max)} (most).");
        }

        return kind;
    }

    /// <summary>Checks a sensor reading and returns its kind and its value in the canonical unit.</summary>
    /// <exception cref="TrackingException">The kind or unit is unknown, or the value is implausible.</exception>
    public static (ValueKind Kind, double Value) ValidateReading(string? name, double value, string? unit)
    {
        // JSON clients can leave out the kind or the unit, so both may be null here.
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new TrackingException(
                $"A reading has no kind; send one of {string.Join(", ", Sensors.Keys)} with its value and unit.");
        }

        if (!Sensors.TryGetValue(name, out var kind))
        {
            throw new TrackingException(
                $"Unknown reading kind '{name}'; use one of {string.Join(", ", Sensors.Keys)}.");
        }

        // The aliases are quoted because one of them, a.u., ends with a full stop.
        string accepted = string.Join(", ", s_aliases[name].Select(a => $"'{a.Alias}'"));
        if (string.IsNullOrWhiteSpace(unit))
        {
            throw new TrackingException($"The {name} reading has no unit; send one of {accepted}.");
        }

        var alias = s_aliases[name].FirstOrDefault(a => string.Equals(a.Alias, unit.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new TrackingException($"Unit '{unit}' is not accepted for {name}; use one of {accepted}.");
        if (!double.IsFinite(value))
        {
            throw new TrackingException($"The {name} reading {value} is not a finite number; send a number in {unit}.");
        }

        RequireInRange(kind, value, alias.Alias, alias.ToCanonical);
        return (kind, alias.ToCanonical(value));
    }

    /// <summary>Checks that a value given in <paramref name="inputUnit"/> lies in the kind's range.</summary>
    /// <exception cref="TrackingException">
    /// The value is outside the range; the message shows the value as given and the range in both units.
    /// </exception>
    private static void RequireInRange(ValueKind kind, double given, string inputUnit, Func<double, double> toCanonical)
    {
        double value = toCanonical(given);
        if (double.IsFinite(value) && value >= kind.Min && value <= kind.Max)
        {
            return;
        }

        string range = $"{Round(kind.Min)} to {Round(kind.Max)} {kind.Unit}";

        // Every accepted unit converts linearly, so two points give the inverse for the range in the input unit.
        double offset = toCanonical(0);
        double scale = toCanonical(1) - offset;
        if (offset != 0 || scale != 1)
        {
            range += $" ({Round((kind.Min - offset) / scale)} to {Round((kind.Max - offset) / scale)} {inputUnit})";
        }

        throw new TrackingException(
            $"The {kind.Name} value {Round(given)} {inputUnit} is outside the plausible range {range}; check the value and its unit.");
    }

    // Fixed-point format spells 1e308 out as 309 digits, so large values use an exponent.
    private static string Round(double value) =>
        value.ToString(Math.Abs(value) < 1e9 ? "0.##" : "0.###E+0", CultureInfo.InvariantCulture);

    private static double FahrenheitToCelsius(double fahrenheit) => (fahrenheit - 32) * 5 / 9;
}
