namespace Skinsight.Learning.Age;

/// <summary>Absolute and signed error of one group of images.</summary>
/// <param name="Group">Group key: an age band such as "20-29", a UTKFace code such as "2", or "unknown".</param>
/// <param name="Name">Readable name of the group, such as "Asian" or "female".</param>
/// <param name="MeanError">Mean of predicted minus true age in years. A negative value means the model guesses too young.</param>
public sealed record GroupError(string Group, string Name, int N, double Mae, double MeanError);

/// <summary>Age errors overall and by age band, race and gender.</summary>
/// <param name="Mae">Mean absolute error in years over all images.</param>
public sealed record AgeMetrics(
    double Mae,
    int N,
    IReadOnlyList<GroupError> ByAgeBand,
    IReadOnlyList<GroupError> ByRace,
    IReadOnlyList<GroupError> ByGender)
{
    /// <summary>Race names of the UTKFace codes 0-4.</summary>
    public static readonly IReadOnlyList<string> RaceNames = ["White", "Black", "Asian", "Indian", "Others"];

    /// <summary>Gender names of the UTKFace codes 0 and 1.</summary>
    public static readonly IReadOnlyList<string> GenderNames = ["male", "female"];

    /// <summary>Computes the errors of <paramref name="predictions"/> (years) against the ages of <paramref name="samples"/>.</summary>
    /// <exception cref="ArgumentException">The lists differ in length or are empty.</exception>
    public static AgeMetrics Compute(IReadOnlyList<AgeSample> samples, IReadOnlyList<double> predictions)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(predictions);
        if (samples.Count != predictions.Count || samples.Count == 0)
        {
            throw new ArgumentException(
                $"Needs one prediction per sample and at least one sample; got {samples.Count} samples and "
                + $"{predictions.Count} predictions.", nameof(predictions));
        }

        var rows = samples.Zip(predictions, (s, p) => (Sample: s, Error: p - s.Age)).ToList();
        return new AgeMetrics(
            rows.Average(r => Math.Abs(r.Error)),
            rows.Count,
            Group(rows, r => AgeBand(r.Age), band => band).OrderBy(g => BandStart(g.Group)).ToList(),
            Group(rows, r => Code(r.Race), code => Name(code, RaceNames)).OrderBy(g => g.Group, StringComparer.Ordinal).ToList(),
            Group(rows, r => Code(r.Gender), code => Name(code, GenderNames)).OrderBy(g => g.Group, StringComparer.Ordinal).ToList());
    }

    /// <summary>Returns the ten-year band of <paramref name="age"/>: "0-9", "10-19", ..., "60-69", or "70+".</summary>
    public static string AgeBand(int age)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(age);
        if (age >= 70)
        {
            return "70+";
        }

        int start = age / 10 * 10;
        return $"{start}-{start + 9}";
    }

    private static IEnumerable<GroupError> Group(
        List<(AgeSample Sample, double Error)> rows,
        Func<AgeSample, string> key,
        Func<string, string> name) =>
        rows.GroupBy(r => key(r.Sample)).Select(g => new GroupError(
            g.Key,
            name(g.Key),
            g.Count(),
            g.Average(r => Math.Abs(r.Error)),
            g.Average(r => r.Error)));

    private static int BandStart(string band) => int.Parse(band.TrimEnd('+').Split('-')[0], System.Globalization.CultureInfo.InvariantCulture);

    private static string Code(int? code) => code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown";

    private static string Name(string code, IReadOnlyList<string> names) =>
        int.TryParse(code, out int index) && index < names.Count ? names[index] : "unknown";
}
