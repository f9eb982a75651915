using System.Globalization;
using System.Text;
using Skinsight.Core.Catalog;

namespace Skinsight.Ranking.Tests.Suitability;

/// <summary>Hand-made products and small <c>cosmetics.csv</c> files with a planted suitability rule.</summary>
internal static class SyntheticCatalog
{
    public const string Header = "Label,Brand,Name,Price,Rank,Ingredients,Combination,Dry,Normal,Oily,Sensitive";

    public static Product Product(string name, ProductCategory category, decimal? price, params string[] ingredients) => new()
    {
        Source = "test",
        SourceId = name,
        Name = name,
        Brand = "TEST",
        Category = category,
        PriceUsd = price,
        Ingredients = ingredients,
    };

    /// <summary>
    /// Writes <paramref name="rows"/> products whose flags follow a planted rule: salicylic acid makes a product
    /// oily-skin and not dry-skin, fragrance makes it unsuitable for sensitive skin, combination follows oily, and
    /// normal is set on products that cost more than $40. With <paramref name="unlabelledEvery"/> = k, every k-th row
    /// has all flags at 0. With <paramref name="normalNoiseRate"/> set, normal is instead drawn at that rate
    /// independently of the product, so no feature predicts it.
    /// </summary>
    public static void WritePlanted(string folder, int rows, int seed, int unlabelledEvery = 0, double? normalNoiseRate = null)
    {
        var random = new Random(seed);
        string[] fillers = ["Dimethicone", "Butylene Glycol", "Squalane", "Caprylyl Glycol", "Xanthan Gum", "Tocopherol"];
        var csv = new StringBuilder(Header).Append('\n');
        for (int i = 0; i < rows; i++)
        {
            bool salicylic = random.Next(2) == 0;
            bool fragrance = random.Next(2) == 0;
            int price = 10 + random.Next(60);
            List<string> ingredients = ["Water", "Glycerin"];
            ingredients.AddRange(fillers.Where(_ => random.Next(2) == 0));
            if (salicylic)
            {
                ingredients.Insert(2, "Salicylic Acid");
            }

            if (fragrance)
            {
                ingredients.Add("Fragrance");
            }

            ingredients.Add("Phenoxyethanol");
            bool unlabelled = unlabelledEvery > 0 && i % unlabelledEvery == unlabelledEvery - 1;
            int[] flags = unlabelled
                ? [0, 0, 0, 0, 0]
                : [salicylic ? 1 : 0, salicylic ? 0 : 1, Normal(random, price, normalNoiseRate), salicylic ? 1 : 0, fragrance ? 0 : 1];
            csv.Append(CultureInfo.InvariantCulture, $"Moisturizer,TEST,Cream {i},{price},4.0,\"{string.Join(", ", ingredients)}\",")
                .Append(string.Join(",", flags))
                .Append('\n');
        }

        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "cosmetics.csv"), csv.ToString());
    }

    private static int Normal(Random random, int price, double? noiseRate) =>
        noiseRate is { } rate ? (random.NextDouble() < rate ? 1 : 0) : (price > 40 ? 1 : 0);
}
