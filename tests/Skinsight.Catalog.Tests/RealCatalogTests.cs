using Skinsight.Catalog.Import;
using Skinsight.Core.Catalog;
using Skinsight.Testing;

namespace Skinsight.Catalog.Tests;

/// <summary>
/// Reads the real catalogs. Expected row counts come from the file itself, through a second CSV reader, and are
/// never hard-coded, because part of each data set is held out and another copy may take its place.
/// </summary>
public class RealCatalogTests
{
    private const string Sephora = "sephora-products-2023/product_info.csv";
    private const string Cosmetics = "sephora-cosmetics-1472/cosmetics.csv";
    private const string LookFantastic = "lookfantastic-skincare-products/skincare_products_clean.csv";

    [SharedDataFact(Sephora)]
    public void Read_Sephora2023_AccountsForEveryRow()
    {
        string path = SharedData.PathOf(Sephora);

        List<ImportRecord> records = [.. CatalogReader.Read(path)];

        Assert.Equal(CountDataRows(path), records.Count);
        Assert.Equal(Enumerable.Range(1, records.Count).Select(i => (long)i), records.Select(r => r.RowNumber));
        Assert.All(records, r => Assert.True(r.Product is null ^ r.SkipReason is null));
        Assert.All(records.Where(r => r.Imported), r => Assert.Equal("sephora-2023", r.Product!.Source));
        Assert.All(records.Where(r => r.Imported), r => Assert.NotEmpty(r.Product!.Ingredients));
    }

    [SharedDataFact(Sephora)]
    public void Read_Sephora2023_ImportsOnlySkincare()
    {
        List<ImportRecord> records = [.. CatalogReader.Read(SharedData.PathOf(Sephora))];
        // Mini Size and Men rows are skincare when their secondary category is Skincare.
        int skincareRows = CountRows(SharedData.PathOf(Sephora), "primary_category", "Skincare")
            + CountRows(SharedData.PathOf(Sephora), "secondary_category", "Skincare");

        int imported = records.Count(r => r.Imported);
        int notSkincare = records.Count(r => r.SkipReason?.StartsWith("not a skincare product", StringComparison.Ordinal) == true);
        int miniOrMen = records.Count(r => r.Product?.SourceCategory.StartsWith("Mini Size/Skincare", StringComparison.Ordinal) == true
            || r.Product?.SourceCategory.StartsWith("Men/Skincare", StringComparison.Ordinal) == true);

        Assert.Equal(records.Count - skincareRows, notSkincare);
        Assert.InRange(imported, skincareRows * 9 / 10, skincareRows);
        // 78 such rows, of which 8 have an empty ingredient list.
        Assert.Equal(70, miniOrMen);
        Assert.All(records.Where(r => r.Imported), r => Assert.Contains("Skincare", r.Product!.SourceCategory));
    }

    [SharedDataFact(Cosmetics)]
    public void Read_Cosmetics1472_AccountsForEveryRow()
    {
        string path = SharedData.PathOf(Cosmetics);

        List<ImportRecord> records = [.. CatalogReader.Read(path)];

        Assert.Equal(CountDataRows(path), records.Count);
        Assert.All(records, r => Assert.True(r.Product is null ^ r.SkipReason is null));
        Assert.Equal(records.Count(r => r.Imported), records.Where(r => r.Imported).Select(r => r.Product!.SourceId).Distinct().Count());
        Assert.DoesNotContain(records, r => r.Product?.Category == ProductCategory.Other);

        // Two BB creams list only their sunscreen actives, as "-Octinoxate 7.50%, Octisalate 4.00%, ...".
        Assert.Contains(records, r => r.Product?.Name == "BB Cream SPF 35" && r.Product.Ingredients.Contains("Octinoxate"));
        Assert.Contains(records, r => r.Product?.Name == "Lingerie de Peau BB Cream" && r.Product.Ingredients.Contains("Octinoxate"));
    }

    [SharedDataFact(LookFantastic)]
    public void Read_LookFantastic_AccountsForEveryRow()
    {
        string path = SharedData.PathOf(LookFantastic);

        List<ImportRecord> records = [.. CatalogReader.Read(path)];

        Assert.Equal(CountDataRows(path), records.Count);
        Assert.All(records.Where(r => r.Imported), r => Assert.Equal("GBP", r.Product!.Currency));
        Assert.True(records.Count(r => r.Imported) >= records.Count * 95 / 100);
    }

    /// <summary>Counts data rows with the reference reader below, so the check does not depend on Sep.</summary>
    private static int CountDataRows(string path) => ReferenceRows(path).Count() - 1;

    private static int CountRows(string path, string column, string value)
    {
        List<string>[] rows = [.. ReferenceRows(path)];
        int index = rows[0].IndexOf(column);
        return rows.Skip(1).Count(r => r.Count > index && r[index] == value);
    }

    /// <summary>A minimal RFC 4180 reader used only to cross-check the importer's row count.</summary>
    private static IEnumerable<List<string>> ReferenceRows(string path)
    {
        string text = File.ReadAllText(path);
        var field = new System.Text.StringBuilder();
        List<string> row = [];
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                row.Add(field.ToString().TrimEnd('\r'));
                field.Clear();
                yield return row;
                row = [];
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            yield return row;
        }
    }
}
