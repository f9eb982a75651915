using System.IO.Hashing;
using System.Text;

namespace Skinsight.Learning.Age;

/// <summary>
/// Splits a folder without a split column by a stable hash of each image's file name: 80% train, 10% val (for every
/// training choice) and 10% test (reported only).
/// </summary>
/// <remarks>
/// The bucket is XxHash32 (seed 0) of the UTF-8 file name without its folder, modulo 10: buckets 0-7 are train, 8 is
/// val and 9 is test. It depends on nothing but the name, so any copy or subset of the folder splits the same way.
/// </remarks>
public static class AgeSplit
{
    public const string Train = "train";
    public const string Validation = "val";
    public const string Test = "test";

    /// <summary>Value of <c>--split</c> that keeps every row.</summary>
    public const string All = "all";

    /// <summary>Returns the split of the image named <paramref name="imageFile"/> (a path or a bare file name).</summary>
    public static string Of(string imageFile)
    {
        ArgumentException.ThrowIfNullOrEmpty(imageFile);
        string name = Path.GetFileName(imageFile.Replace('\\', '/'));
        uint bucket = XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(name)) % 10;
        return bucket switch
        {
            < 8 => Train,
            8 => Validation,
            _ => Test,
        };
    }
}
