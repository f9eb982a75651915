using System.Text;
using Skinsight.Catalog.Import;
using Skinsight.Core.Catalog;
using Skinsight.Testing;

namespace Skinsight.Catalog.Tests;

public class BadInputTests
{
    private const string Header = "Name,Brand,Ingredients,Price\n";

    [Fact]
    public void Read_FileWithBom_ReadsFirstColumnName()
    {
        using var folder = new TempFolder();
        string path = folder.File("bom.csv");
        File.WriteAllText(path, Header + "Night Cream,Acme,\"Water, Glycerin\",30\n", new UTF8Encoding(true));

        ImportRecord record = Assert.Single(CatalogReader.Read(path));

        Assert.Equal("Night Cream", record.Product?.Name);
    }

    [Theory]
    [InlineData("\"$1,200\"", 1200)]
    [InlineData("49.0", 49)]
    [InlineData("US$ 12.50", 12.5)]
    [InlineData("\"12,50\"", 12.5)]
    [InlineData("\"€12,50\"", 12.5)]
    [InlineData("\"1,200\"", 1200)]
    [InlineData("\"1,200,000\"", 1200000)]
    [InlineData("\"1,200.50\"", 1200.5)]
    [InlineData("\"1.200,50\"", 1200.5)]
    [InlineData("\"0,99\"", 0.99)]
    public void Read_PriceFormats_Parsed(string price, double expected)
    {
        ImportRecord record = Assert.Single(CatalogText.Read(Header + $"Cream,Acme,Water,{price}\n"));
        Product product = Assert.IsType<Product>(record.Product);

        Assert.Equal((decimal)expected, product.Price);
    }

    [Theory]
    [InlineData("-")]
    [InlineData("")]
    [InlineData("n/a")]
    public void Read_MissingPrice_ImportsWithoutPrice(string price)
    {
        Product product = Assert.IsType<Product>(
            Assert.Single(CatalogText.Read(Header + $"Cream,Acme,Water,{price}\n")).Product);

        Assert.Null(product.PriceUsd);
        Assert.Equal("", product.Currency);
    }

    [Fact]
    public void Read_InvalidPrice_SkipsWithReason()
    {
        ImportRecord record = Assert.Single(CatalogText.Read(Header + "Cream,Acme,Water,twelve\n"));

        Assert.Null(record.Product);
        Assert.Equal(
            "invalid price 'twelve' in column Price; expected a number such as 12.50 or $1,200",
            record.SkipReason);
    }

    [Theory]
    [InlineData("12,5")]
    [InlineData("12,500,5")]
    [InlineData("1,20,0")]
    [InlineData("12,5000")]
    [InlineData("1.20,50")]
    public void Read_AmbiguousCommaPrice_SkipsNamingValue(string price)
    {
        ImportRecord record = Assert.Single(CatalogText.Read(Header + $"Cream,Acme,Water,\"{price}\"\n"));

        Assert.Null(record.Product);
        Assert.StartsWith($"ambiguous price '{price}' in column Price", record.SkipReason);
    }

    [Fact]
    public void Read_WrongColumnCount_SkipsOnlyThatRow()
    {
        const string csv = Header + "Cream,Acme,Water,30\nToo,Few\nSerum,Acme,Water,40,extra\nGel,Acme,Water,10\n";

        List<ImportRecord> records = CatalogText.Read(csv);

        Assert.Equal(4, records.Count);
        Assert.Equal([1L, 2, 3, 4], records.Select(r => r.RowNumber));
        Assert.StartsWith("row has 2 columns but the header has 4", records[1].SkipReason);
        Assert.StartsWith("row has 5 columns but the header has 4", records[2].SkipReason);
        Assert.NotNull(records[3].Product);
    }

    [Fact]
    public void Read_UnbalancedQuote_SkipsSwallowedRowWithHint()
    {
        const string csv = Header + "Cream,Acme,\"Water, Glycerin,30\nSerum,Acme,Water,40\nGel,Acme,Water,10\n";

        List<ImportRecord> records = CatalogText.Read(csv);

        ImportRecord broken = Assert.Single(records);
        Assert.Null(broken.Product);
        Assert.Contains("a quote in column Ingredients is probably not closed", broken.SkipReason);
    }

    [Fact]
    public void Read_UnclosedQuoteWithMatchingColumns_NamesColumn()
    {
        const string csv = Header
            + "First Cream,Acme,\"Water, Glycerin,10\n"
            + "Second Cream,Acme,\"Water, Squalane\",11\n"
            + "Third Cream,Acme,Water,12\n"
            + "Fourth Cream,Acme,Water,13\n";

        List<ImportRecord> records = CatalogText.Read(csv);

        ImportRecord broken = Assert.Single(records);
        Assert.Null(broken.Product);
        Assert.StartsWith("the row spans lines 2-", broken.SkipReason);
        Assert.Contains("a quote in column Ingredients is probably not closed", broken.SkipReason);
        Assert.Contains("are lost", broken.SkipReason);
    }

    [Fact]
    public void Read_Windows1252Row_SkipsNamingEncoding()
    {
        using var folder = new TempFolder();
        string path = folder.File("latin.csv");
        byte[] utf8 = Encoding.UTF8.GetBytes(Header + "Night Cream,Acme,\"Water, Glycerin\",30\n");
        // "Crème" in Windows-1252: 0xE8 is not valid UTF-8 on its own.
        byte[] latin = [.. Encoding.ASCII.GetBytes("Cr"), 0xE8, .. Encoding.ASCII.GetBytes("me Riche,Acme,\"Water, Glycerin\",30\n")];
        File.WriteAllBytes(path, [.. utf8, .. latin]);

        List<ImportRecord> records = [.. CatalogReader.Read(path)];

        Assert.Equal(2, records.Count);
        Assert.True(records[0].Imported);
        Assert.Null(records[1].Product);
        Assert.StartsWith("field Name contains bytes that are not UTF-8", records[1].SkipReason);
    }

    [Fact]
    public void Read_OneMegabyteField_SkipsWithLength()
    {
        string huge = new('a', 1 << 20);
        string csv = Header + $"Cream,Acme,\"{huge}\",30\nGel,Acme,Water,10\n";

        List<ImportRecord> records = CatalogText.Read(csv);

        Assert.Equal(2, records.Count);
        Assert.Equal(
            "field Ingredients is 1,048,576 characters long, over the 65,536 limit; the row is probably corrupt",
            records[0].SkipReason);
        Assert.NotNull(records[1].Product);
    }

    [Theory]
    [InlineData("\"\"", "no ingredient list (column Ingredients is empty)")]
    [InlineData("Visit the Acme boutique", "no ingredient names in column Ingredients: 'Visit the Acme boutique'")]
    public void Read_EmptyOrPlaceholderIngredients_SkipsWithReason(string ingredients, string reason)
    {
        ImportRecord record = Assert.Single(CatalogText.Read(Header + $"Cream,Acme,{ingredients},30\n"));

        Assert.Equal(reason, record.SkipReason);
    }

    [Fact]
    public void Read_DuplicateProduct_SkipsSecondWithFirstRow()
    {
        const string csv = Header + "Cream,Acme,Water,30\nCream,Acme,\"Water, Glycerin\",30\n";

        List<ImportRecord> records = CatalogText.Read(csv);

        Assert.NotNull(records[0].Product);
        Assert.Equal("duplicate of row 1 (same source id acme--cream)", records[1].SkipReason);
    }

    [Theory]
    [InlineData("#NAME?,Acme,Water,30", "Name", "#NAME?")]
    [InlineData("Night Cream,#N/A,Water,30", "Brand", "#N/A")]
    [InlineData("#value!,Acme,Water,30", "Name", "#value!")]
    public void Read_SpreadsheetErrorInNameOrBrand_Skipped(string row, string column, string error)
    {
        ImportRecord record = Assert.Single(CatalogText.Read(Header + row + "\n"));

        Assert.Null(record.Product);
        Assert.Equal(
            $"column {column} contains the spreadsheet error {error} instead of a value; fix the cell in the source file",
            record.SkipReason);
    }

    [Fact]
    public void Read_EmptyRowOrName_Skipped()
    {
        const string csv = Header + ",,,\n,Acme,Water,30\n";

        List<ImportRecord> records = CatalogText.Read(csv);

        Assert.Equal("empty row", records[0].SkipReason);
        Assert.Equal("missing value in column Name", records[1].SkipReason);
    }

    [Fact]
    public void Read_UnknownFormat_ListsKnownFormats()
    {
        var error = Assert.Throws<CatalogFormatException>(() => CatalogText.Read(Header, "amazon"));

        Assert.Contains("'amazon'", error.Message);
        foreach (string name in CatalogReader.FormatNames)
        {
            Assert.Contains(name, error.Message);
        }
    }

    [Fact]
    public void Read_MissingColumns_NamesThem()
    {
        const string csv = "product_name,product_url\nCream,https://example.invalid\n";

        var error = Assert.Throws<CatalogFormatException>(() => CatalogText.Read(csv, "lookfantastic"));

        Assert.Contains("product_type, clean_ingreds, price", error.Message);
    }

    [Fact]
    public void Read_UndetectableHeader_Throws()
    {
        var error = Assert.Throws<CatalogFormatException>(() => CatalogText.Read("a,b,c\n1,2,3\n"));

        Assert.Contains("Cannot detect the catalog format", error.Message);
    }

    [Fact]
    public void Read_BinaryFile_SaysNotText()
    {
        using var folder = new TempFolder();
        string path = folder.File("binary.csv");
        var bytes = new byte[3000];
        new Random(7).NextBytes(bytes);
        bytes[0] = 0x1B;
        Array.Fill<byte>(bytes, (byte)'x', 1, 200);
        bytes[201] = (byte)',';
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<CatalogFormatException>(() => CatalogReader.Read(path).ToList());

        Assert.Contains("not a text file", error.Message);
        Assert.DoesNotContain('\u001B', error.Message);
        Assert.DoesNotContain('\uFFFD', error.Message);
        Assert.DoesNotContain('\uFFFF', error.Message);
        Assert.True(error.Message.Length < 300, $"message of {error.Message.Length} characters");
    }

    [Fact]
    public void Read_LongUnknownHeader_ShowsItShortened()
    {
        string header = string.Join(",", Enumerable.Range(1, 30).Select(i => $"column{i}{new string('x', 60)}"));

        var error = Assert.Throws<CatalogFormatException>(() => CatalogText.Read(header + "\n1\n"));

        Assert.Contains("and 18 more", error.Message);
        Assert.DoesNotContain(new string('x', 41), error.Message);
    }

    [Fact]
    public void Read_MissingFile_ThrowsCatalogFormatException()
    {
        var error = Assert.Throws<CatalogFormatException>(() => CatalogReader.Read("/nonexistent/catalog.csv"));

        Assert.Contains("/nonexistent/catalog.csv", error.Message);
    }

    [Fact]
    public void Read_EmptyFile_Throws()
    {
        var error = Assert.Throws<CatalogFormatException>(() => CatalogText.Read(""));

        Assert.Contains("empty", error.Message);
    }
}
