using Skinsight.Catalog.Import;
using Skinsight.Core.Catalog;

namespace Skinsight.Catalog.Tests;

public sealed class JsonCatalogTests : IDisposable
{
    private static readonly ColumnMap Map = new()
    {
        Id = "sku",
        Name = "title",
        Brand = "maker",
        Category = "type",
        Price = "cost",
        Ingredients = "inci",
        SkinTypes = "skin",
        SourceName = "shop-json",
    };

    private readonly string _folder = Directory.CreateTempSubdirectory("skinsight-json-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Read_MappedObjects_ImportsEachField()
    {
        string path = Write("""
            [
              {"sku": "A1", "title": "Calm Serum", "maker": "Acme", "type": "Serum", "cost": "$1,200",
               "inci": "Water, Glycerin, Niacinamide", "skin": ["oily", "combination"]},
              {"sku": 7, "title": "Day Cream", "maker": "Acme", "type": "Moisturizer", "cost": 12.5,
               "inci": ["Aqua", "Squalane"], "extra": {"ignored": true}}
            ]
            """);

        ImportRecord[] records = [.. CatalogReader.Read(path, columnMap: Map)];

        Assert.Equal(2, records.Length);
        Product serum = Assert.IsType<Product>(records[0].Product);
        Assert.Equal("shop-json", serum.Source);
        Assert.Equal("A1", serum.SourceId);
        Assert.Equal(ProductCategory.Serum, serum.Category);
        Assert.Equal(1200m, serum.PriceUsd);
        Assert.Equal(["Water", "Glycerin", "Niacinamide"], serum.Ingredients);
        Assert.Equal(["oily", "combination"], serum.SkinTypes);
        Product cream = Assert.IsType<Product>(records[1].Product);
        Assert.Equal("7", cream.SourceId);
        Assert.Equal(12.5m, cream.PriceUsd);
        Assert.Equal(ProductCategory.Moisturiser, cream.Category);
        Assert.Equal(["Water", "Squalane"], cream.Ingredients);
    }

    [Fact]
    public void Read_BadElements_SkipsEachWithReason()
    {
        string path = Write("""
            [
              {"sku": "A1", "title": "Good", "inci": "Water, Glycerin"},
              {"sku": "A2", "title": "No List", "inci": ""},
              {"sku": "A1", "title": "Again", "inci": "Water"},
              {"sku": "A3", "title": "Nested", "inci": {"list": "Water"}},
              {"sku": "A4", "inci": "Water"},
              "not an object",
              {},
              {"sku": "A5", "title": "Bad price", "inci": "Water", "cost": "cheap"}
            ]
            """);

        ImportRecord[] records = [.. CatalogReader.Read(path, columnMap: Map)];

        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], records.Select(r => (int)r.RowNumber));
        Assert.True(records[0].Imported);
        Assert.Equal("no ingredient list (column inci is empty)", records[1].SkipReason);
        Assert.Equal("duplicate of row 1 (same source id A1)", records[2].SkipReason);
        Assert.StartsWith("property inci is a JSON object", records[3].SkipReason);
        Assert.Equal("missing value in column title", records[4].SkipReason);
        Assert.Equal("element is a JSON string, not an object", records[5].SkipReason);
        Assert.Equal("empty row", records[6].SkipReason);
        Assert.StartsWith("invalid price 'cheap'", records[7].SkipReason);
    }

    [Fact]
    public void Read_NoMap_GuessesFromFirstObject()
    {
        string path = Write("""[{"product_name": "Toner", "brand": "B", "ingredients": "Water, Glycerin"}]""");

        Product product = Assert.IsType<Product>(Assert.Single(CatalogReader.Read(path)).Product);

        Assert.Equal("Toner", product.Name);
        Assert.Equal("B", product.Brand);
    }

    [Fact]
    public void Read_NoGuessableProperties_ThrowsNamingThem()
    {
        string path = Write("""[{"a": 1, "b": 2}]""");

        var error = Assert.Throws<CatalogFormatException>(() => CatalogReader.Read(path));

        Assert.Contains("The first object has: a, b", error.Message);
    }

    [Fact]
    public void Read_BrokenJson_ThrowsAfterGoodRows()
    {
        string path = Write("""[{"sku": "A1", "title": "Good", "inci": "Water"}, {"sku": "A2", "title": """);

        using IEnumerator<ImportRecord> records = CatalogReader.Read(path, columnMap: Map).GetEnumerator();

        var error = Assert.Throws<CatalogFormatException>(() =>
        {
            while (records.MoveNext())
            {
            }
        });
        Assert.Contains("is not a valid JSON array of objects", error.Message);
    }

    [Theory]
    [InlineData("""{"products": 5}""")]
    [InlineData("42")]
    public void Read_TopLevelNotArray_SaysSo(string json)
    {
        string path = Write(json);

        var error = Assert.Throws<CatalogFormatException>(() => CatalogReader.Read(path, columnMap: Map).ToList());

        Assert.Contains("top-level value is not an array", error.Message);
        Assert.DoesNotContain("System.", error.Message);
    }

    [Fact]
    public void Read_JsonFormatName_ReadsAnyExtension()
    {
        string path = Write("""[{"sku": "A1", "title": "Good", "inci": "Water"}]""", "catalog.txt");

        ImportRecord record = Assert.Single(CatalogReader.Read(path, JsonCatalogReader.FormatName, Map));

        Assert.True(record.Imported);
    }

    private string Write(string json, string name = "catalog.json")
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, json);
        return path;
    }
}
