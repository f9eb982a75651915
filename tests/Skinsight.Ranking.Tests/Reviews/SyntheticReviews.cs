using System.Globalization;
using System.Text;

namespace Skinsight.Ranking.Tests.Reviews;

/// <summary>
/// Writes Sephora-layout review files with a planted pattern: oily skin dislikes even-numbered products and dry skin
/// dislikes odd-numbered ones, so every product's mean rating is middling and only the profile separates likes from dislikes.
/// </summary>
internal static class SyntheticReviews
{
    public const string Header = "author_id,rating,is_recommended,skin_tone,skin_type,product_id,product_name";

    public static string WriteFolder(string root, string name, int authors, int seed, double noise = 0.1)
    {
        string folder = Path.Combine(root, name);
        Directory.CreateDirectory(folder);
        var random = new Random(seed);
        var csv = new StringBuilder(Header + "\n");
        for (int a = 0; a < authors; a++)
        {
            string skinType = a % 2 == 0 ? "oily" : "dry";
            string author = (seed * 100_000 + a).ToString(CultureInfo.InvariantCulture);
            foreach (int product in Enumerable.Range(0, 20).OrderBy(_ => random.Next()).Take(3))
            {
                bool dislikes = (product % 2 == 0) == (skinType == "oily");
                if (random.NextDouble() < noise)
                {
                    dislikes = !dislikes;
                }

                int rating = dislikes ? 2 : 5;
                csv.Append(CultureInfo.InvariantCulture, $"{author},{rating},1.0,light,{skinType},P{product},\"Cream, {product}\"\n");
            }
        }

        File.WriteAllText(Path.Combine(folder, "reviews.csv"), csv.ToString());
        File.WriteAllText(Path.Combine(folder, "notes.csv"), "product_id,comment\nP1,not a review file\n");
        return folder;
    }
}

/// <summary>A temporary folder deleted when the test ends.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ranker-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
