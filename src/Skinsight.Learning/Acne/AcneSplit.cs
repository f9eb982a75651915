using System.IO.Hashing;
using System.Text;

namespace Skinsight.Learning.Acne;

/// <summary>
/// Splits an ACNE04 folder, which has no usable split column, by a stable hash of each row's <c>source_image</c>:
/// 70% train, 15% val (for every training choice) and 15% test (reported once).
/// </summary>
/// <remarks>
/// The bucket is XxHash32 (seed 0) of the UTF-8 <c>source_image</c> value, modulo 100: buckets 0-69 are train, 70-84
/// val and 85-99 test. Hashing the source photo rather than the exported file keeps every export of one photo in
/// the same split, and the rule depends on nothing but that value, so any copy or subset of the folder splits alike.
/// </remarks>
public static class AcneSplit
{
    public const string Train = "train";
    public const string Validation = "val";
    public const string Test = "test";

    /// <summary>The split names that <c>--split</c> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = [Train, Validation, Test];

    /// <summary>Returns the split of the row whose <c>source_image</c> is <paramref name="sourceImage"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="sourceImage"/> is null or empty.</exception>
    public static string Of(string sourceImage)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceImage);
        uint bucket = XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(sourceImage)) % 100;
        return bucket switch
        {
            < 70 => Train,
            < 85 => Validation,
            _ => Test,
        };
    }
}
