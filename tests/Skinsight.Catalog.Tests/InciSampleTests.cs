using nietras.SeparatedValues;
using Skinsight.Catalog.Ingredients;
using Skinsight.Core.Catalog;
using Skinsight.Testing;

namespace Skinsight.Catalog.Tests;

public class InciSampleTests
{
    private const string Cosing = "eu-cosing-inventory/cosing.csv";

    [Fact]
    public void Draw_SameSeed_SameSample()
    {
        using var folder = new TempFolder();
        string path = folder.File("cosing.csv");
        File.WriteAllText(path, "inci_name,cas_number,einecs_number,function\nGLYCERIN,,,Humectant\nWATER,,,Solvent\n"
            + "NIACINAMIDE,,,Skin Conditioning\n");
        var inventory = CosingInventory.Load(path);
        Product[] products =
        [
            Product("a", "Water, Glycerin, Niacinamide, Unknownium"),
            Product("b", "Aqua (Water), Glycerin*"),
        ];

        IReadOnlyList<InciSampleRow> first = InciResolutionSample.Draw(products, inventory, 3, seed: 7);
        IReadOnlyList<InciSampleRow> second = InciResolutionSample.Draw(products, inventory, 3, seed: 7);

        Assert.Equal(first, second);
        Assert.Equal(3, first.Count);
        Assert.Equal(first.Count, first.Distinct().Count());
        Assert.DoesNotContain(first, r => r.Name == "Unknownium");
        Assert.All(first.Where(r => r.Name == "Glycerin" && r.ProductKey == "test:b"), r => Assert.Equal("Glycerin*", r.Raw));
    }

    [Fact]
    public void Draw_CountAboveResolved_ReturnsAllResolved()
    {
        using var folder = new TempFolder();
        string path = folder.File("cosing.csv");
        File.WriteAllText(path, "inci_name,cas_number,einecs_number,function\nGLYCERIN,,,Humectant\n");
        var inventory = CosingInventory.Load(path);

        IReadOnlyList<InciSampleRow> rows = InciResolutionSample.Draw([Product("a", "Glycerin, Unknownium")], inventory, 200, seed: 1);

        InciSampleRow row = Assert.Single(rows);
        Assert.Equal("GLYCERIN", row.InciName);
    }

    /// <summary>
    /// Re-resolves the 200 hand-checked Sephora names of docs/catalog-inci-sample.csv: names judged correct must
    /// keep their CosIng name, and names judged wrong must now resolve to the expected name or stay unresolved.
    /// </summary>
    [SharedDataFact(Cosing)]
    public void HandCheckedSample_ResolvesAsJudged()
    {
        var inventory = CosingInventory.Load(SharedData.PathOf(Cosing));
        string sample = Path.Combine(RepositoryRoot.Find()!, "docs", "catalog-inci-sample.csv");
        using SepReader reader = Sep.Reader(o => o with { Unescape = true }).FromFile(sample);
        int rows = 0;

        foreach (SepReader.Row row in reader)
        {
            rows++;
            string name = row["name"].ToString();
            string expected = row["verdict"].ToString() == "correct" ? row["inci"].ToString() : row["expected_inci"].ToString();
            InciResolution resolution = inventory.Resolve(name);

            Assert.True(expected == (resolution.Entry?.InciName ?? ""), $"row {row["row"]}: {name} resolves to "
                + $"'{resolution.Entry?.InciName}' ({resolution.Kind}), expected '{expected}'");
        }

        Assert.Equal(200, rows);
    }

    private static Product Product(string id, string ingredients)
    {
        var parsed = InciParser.Parse(ingredients);
        return new Product
        {
            Source = "test",
            SourceId = id,
            Name = id,
            Brand = "",
            Category = ProductCategory.Serum,
            IngredientsRaw = ingredients,
            Ingredients = parsed.Ingredients,
        };
    }
}
