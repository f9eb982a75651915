using System.Globalization;
using System.Security.Cryptography;
using Skinsight.Core;
using Skinsight.Data;

namespace Skinsight.Application.Research;

/// <summary>One exported row: a pseudonym, the generalised quasi-identifiers and the analysis summary.</summary>
public sealed record ResearchRow(
    string Pseudonym,
    string AgeBand,
    string Sex,
    string SkinType,
    string Region,
    int AcceptedAnalyses,
    double? MeanQualityScore,
    double? MeanSkinToneIta);

/// <summary>A research export with the generalisation it applied and the k it reached.</summary>
/// <param name="Consenting">People with research consent at export time.</param>
/// <param name="Suppressed">Consenting people left out because their combination stayed rarer than k.</param>
/// <param name="SmallestClass">Size of the smallest group sharing one quasi-identifier combination, or 0 when no row is exported.</param>
public sealed record ResearchExport(
    int K,
    DateTime GeneratedAt,
    Generalisation Generalisation,
    int Consenting,
    int Suppressed,
    int SmallestClass,
    IReadOnlyList<ResearchRow> Rows);

/// <summary>
/// Builds pseudonymised research exports of the people who hold research consent. The person id is replaced by
/// an HMAC-SHA256 under a secret key, so the same person gets the same pseudonym in every export under one key,
/// and a reader without the key cannot link it back to the person. Names, handles, photos and analysis ids are never exported.
/// </summary>
public sealed class ResearchExporter
{
    /// <summary>The smallest k the exporter accepts.</summary>
    public const int MinimumK = 5;

    /// <summary>Shortest accepted pseudonymisation key, in bytes.</summary>
    public const int MinimumKeyBytes = 32;

    private readonly SkinsightStore _store;
    private readonly byte[] _key;

    /// <exception cref="InvalidInputException">The key is shorter than <see cref="MinimumKeyBytes"/>.</exception>
    public ResearchExporter(SkinsightStore store, byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < MinimumKeyBytes)
        {
            throw new InvalidInputException(
                $"The research pseudonymisation key has {key.Length} bytes; use at least {MinimumKeyBytes} random bytes.");
        }

        _store = store;
        _key = key;
    }

    /// <summary>Reads a key given as base64, as the CLI and the web host take it from the environment.</summary>
    /// <exception cref="InvalidInputException">The value is missing or not base64.</exception>
    public static byte[] ParseKey(string? base64, string source)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            throw new ResearchKeyMissingException(
                $"No research pseudonymisation key is set; put {MinimumKeyBytes} or more random bytes, base64-encoded, "
                + $"in {source} (for example from 'openssl rand -base64 32').");
        }

        try
        {
            return Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidInputException($"The research pseudonymisation key in {source} is not valid base64.");
        }
    }

    /// <summary>Exports every consenting person, generalised and suppressed until each combination has at least <paramref name="k"/> rows.</summary>
    /// <exception cref="InvalidInputException"><paramref name="k"/> is below <see cref="MinimumK"/>.</exception>
    public async Task<ResearchExport> ExportAsync(int k = MinimumK, CancellationToken cancellationToken = default)
    {
        if (k < MinimumK)
        {
            throw new InvalidInputException($"k = {k} is too small; research exports need k of at least {MinimumK}.");
        }

        var now = DateTime.UtcNow;
        var subjects = await _store.LoadResearchSubjectsAsync(cancellationToken);
        var records = subjects.Select(s => new QuasiIdentifiers(AgeOf(s.BirthYear, now.Year), s.Sex, s.SkinType, s.Region)).ToList();
        var (generalisation, kept) = KAnonymizer.Anonymize(records, k);

        var rows = kept
            .Select(i => (Subject: subjects[i], Values: generalisation.Apply(records[i])))
            .Select(r => new ResearchRow(
                Pseudonymize(r.Subject.PersonId),
                r.Values.AgeBand,
                r.Values.Sex,
                r.Values.SkinType,
                r.Values.Region,
                r.Subject.AcceptedAnalyses,
                Round(r.Subject.MeanQualityScore),
                Round(r.Subject.MeanSkinToneIta)))
            .OrderBy(r => r.Pseudonym, StringComparer.Ordinal)
            .ToList();

        int smallest = KAnonymizer.SmallestClass(rows.Select(r => (r.AgeBand, r.Sex, r.SkinType, r.Region)));
        if (rows.Count > 0 && smallest < k)
        {
            // The anonymizer guarantees this; the check keeps a future change from exporting rare rows silently.
            throw new InvalidOperationException($"The research export reached k = {smallest}, below the required {k}.");
        }

        return new ResearchExport(k, now, generalisation, subjects.Count, subjects.Count - rows.Count, smallest, rows);
    }

    /// <summary>Returns the pseudonym of <paramref name="personId"/>: the first 16 bytes of its HMAC-SHA256, in hex.</summary>
    public string Pseudonymize(Guid personId)
    {
        byte[] mac = HMACSHA256.HashData(_key, personId.ToByteArray());
        return Convert.ToHexStringLower(mac, 0, 16);
    }

    private static int? AgeOf(int? birthYear, int year) =>
        birthYear is { } born && born <= year ? year - born : null;

    private static double? Round(double? value) =>
        value is { } v ? Math.Round(v, 1, MidpointRounding.AwayFromZero) : null;
}

/// <summary>The server has no pseudonymisation key configured; the API returns it as a 503 ProblemDetails.</summary>
public sealed class ResearchKeyMissingException(string message) : InvalidInputException(message)
{
    public override int StatusCode => 503;
}

/// <summary>The quasi-identifiers of one person before generalisation; null means unknown.</summary>
public sealed record QuasiIdentifiers(int? Age, string? Sex, string? SkinType, string? Region);

/// <summary>
/// How far each quasi-identifier was generalised. Age: 0 = 10-year band, 1 = 20-year band, 2 = suppressed.
/// Sex and skin type: 0 = as given, 1 = suppressed. Region: 0 = as given, 1 = country only, 2 = suppressed.
/// </summary>
public sealed record Generalisation(int Age, int Sex, int SkinType, int Region)
{
    public const string Any = "*";
    public const string Unknown = "unknown";

    internal static readonly int[] MaxLevels = [2, 1, 1, 2];

    /// <summary>Information loss: the sum over the attributes of level divided by its top level.</summary>
    internal double Loss => (double)Age / MaxLevels[0] + Sex / MaxLevels[1] + SkinType / MaxLevels[2] + (double)Region / MaxLevels[3];

    internal (string AgeBand, string Sex, string SkinType, string Region) Apply(QuasiIdentifiers q) =>
        (AgeBand(q.Age), Keep(q.Sex, Sex), Keep(q.SkinType, SkinType), RegionOf(q.Region));

    private string AgeBand(int? age)
    {
        if (Age >= 2)
        {
            return Any;
        }

        if (age is not { } years)
        {
            return Unknown;
        }

        int width = Age == 0 ? 10 : 20;
        int low = years / width * width;
        return string.Create(CultureInfo.InvariantCulture, $"{low}-{low + width - 1}");
    }

    private static string Keep(string? value, int level) =>
        level >= 1 ? Any : string.IsNullOrWhiteSpace(value) ? Unknown : value.Trim().ToLowerInvariant();

    private string RegionOf(string? region)
    {
        if (Region >= 2)
        {
            return Any;
        }

        if (string.IsNullOrWhiteSpace(region))
        {
            return Unknown;
        }

        string code = region.Trim().ToUpperInvariant();
        int dash = code.IndexOf('-', StringComparison.Ordinal);
        return Region == 1 && dash > 0 ? code[..dash] : code;
    }
}

/// <summary>
/// Full-domain generalisation with suppression: every node of the small generalisation lattice is tried,
/// and rows in groups smaller than k are suppressed.
/// </summary>
public static class KAnonymizer
{
    /// <summary>Largest share of rows the anonymizer suppresses before it generalises further.</summary>
    public const double MaxSuppressedShare = 0.05;

    /// <summary>
    /// Picks the generalisation with the least information loss that needs at most
    /// <see cref="MaxSuppressedShare"/> of the rows suppressed, or the one that suppresses fewest when none
    /// does, and returns it with the indexes of the rows kept. Every group of kept rows has at least k rows.
    /// </summary>
    public static (Generalisation Generalisation, IReadOnlyList<int> Kept) Anonymize(IReadOnlyList<QuasiIdentifiers> records, int k)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var candidates = Lattice()
            .Select(g => (Generalisation: g, Kept: KeptRows(records, g, k)))
            .Select(c => (c.Generalisation, c.Kept, Suppressed: records.Count - c.Kept.Count))
            .ToList();
        double allowed = Math.Floor(records.Count * MaxSuppressedShare);
        var best = candidates
            .OrderBy(c => c.Suppressed <= allowed ? 0 : 1)
            .ThenBy(c => c.Suppressed <= allowed ? c.Generalisation.Loss : c.Suppressed)
            .ThenBy(c => c.Suppressed)
            .First();
        return (best.Generalisation, best.Kept);
    }

    /// <summary>Returns the size of the smallest group of equal combinations, or 0 for no rows.</summary>
    public static int SmallestClass<T>(IEnumerable<T> combinations) where T : notnull
    {
        var sizes = combinations.CountBy(c => c).Select(g => g.Value).ToList();
        return sizes.Count == 0 ? 0 : sizes.Min();
    }

    private static List<int> KeptRows(IReadOnlyList<QuasiIdentifiers> records, Generalisation generalisation, int k)
    {
        var keys = records.Select(generalisation.Apply).ToList();
        var sizes = keys.CountBy(key => key).ToDictionary(g => g.Key, g => g.Value);
        return Enumerable.Range(0, records.Count).Where(i => sizes[keys[i]] >= k).ToList();
    }

    private static IEnumerable<Generalisation> Lattice()
    {
        int[] max = Generalisation.MaxLevels;
        for (int age = 0; age <= max[0]; age++)
        {
            for (int sex = 0; sex <= max[1]; sex++)
            {
                for (int skin = 0; skin <= max[2]; skin++)
                {
                    for (int region = 0; region <= max[3]; region++)
                    {
                        yield return new Generalisation(age, sex, skin, region);
                    }
                }
            }
        }
    }
}
