using System.Text;
using Skinsight.Catalog.Import;
using Skinsight.Catalog.Ingredients;

namespace Skinsight.Catalog.Tests;

/// <summary>Random text built from the characters that break naive parsers must never throw.</summary>
public class RobustnessTests
{
    private const string Alphabet = "aAqu ,;:.()[]{}'\"\\/*+-%$£0123456789\n\r\t<>&#–’™•\uFB01é";

    [Fact]
    public void Parse_RandomText_NeverThrows()
    {
        var random = new Random(20261204);

        for (int i = 0; i < 3000; i++)
        {
            string text = RandomText(random, random.Next(0, 120));

            ParsedIngredientList list = InciParser.Parse(text);

            Assert.All(list.Ingredients, name => Assert.False(string.IsNullOrWhiteSpace(name)));
        }
    }

    [Fact]
    public void Read_RandomRows_OneRecordPerRow()
    {
        var random = new Random(7);
        var csv = new StringBuilder("Name,Brand,Ingredients,Price,Rating,Reviews\n");
        const int rows = 400;
        for (int i = 0; i < rows; i++)
        {
            // Fields are quoted so every row keeps its six columns whatever the random text contains.
            string[] fields = [.. Enumerable.Range(0, 6).Select(_ => Quote(RandomText(random, random.Next(0, 30))))];
            csv.Append(string.Join(',', fields)).Append('\n');
        }

        List<ImportRecord> records = CatalogText.Read(csv.ToString(), "generic");

        Assert.Equal(rows, records.Count);
        Assert.All(records, r => Assert.True(r.Product is null ^ r.SkipReason is null));
    }

    private static string RandomText(Random random, int length)
    {
        var sb = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            sb.Append(Alphabet[random.Next(Alphabet.Length)]);
        }

        return sb.ToString();
    }

    private static string Quote(string field) => "\"" + field.Replace("\"", "\"\"") + "\"";
}
