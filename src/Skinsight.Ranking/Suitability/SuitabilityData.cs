using Skinsight.Catalog.Import;
using Skinsight.Catalog.Import.Formats;
using Skinsight.Core.Catalog;

namespace Skinsight.Ranking.Suitability;

/// <summary>A catalog product with its five skin-type flags, in <see cref="SkinTypeFlags.Names"/> order.</summary>
public sealed record LabelledProduct(Product Product, bool[] Flags);

/// <summary>The labelled products of one data folder and the rows that were left out, with the reason.</summary>
/// <param name="Products">Products with at least one skin-type flag set, in file order.</param>
/// <param name="UnlabelledRowsLeftOut">
/// Rows with all five flags at 0. In this catalog that means Sephora gave no skin-type information, not that the
/// product suits no skin type, so these rows are neither trained on nor scored.
/// </param>
/// <param name="RowsSkipped">Rows the catalog reader could not import, mostly rows with no ingredient list.</param>
public sealed record SuitabilityData(IReadOnlyList<LabelledProduct> Products, int UnlabelledRowsLeftOut, int RowsSkipped)
{
    /// <summary>The file every data folder must contain, in the layout of the Sephora 1,472-product catalog.</summary>
    public const string FileName = "cosmetics.csv";

    /// <summary>Row number and reason of the first skipped row, such as "row 2: no ingredient names", or null when none.</summary>
    public string? FirstSkip { get; init; }

    /// <summary>Reads <c>cosmetics.csv</c> from <paramref name="dataDir"/> and keeps the labelled rows.</summary>
    /// <exception cref="SuitabilityException">The folder or file is missing, or the file has another layout.</exception>
    public static SuitabilityData Load(string dataDir)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDir);
        string path = Path.Combine(dataDir, FileName);
        if (!File.Exists(path))
        {
            throw new SuitabilityException(
                $"Data file not found: {path}. Pass a folder that contains {FileName} in the Sephora 1,472-product layout.");
        }

        List<LabelledProduct> products = [];
        int unlabelled = 0;
        int skipped = 0;
        string? firstSkip = null;
        try
        {
            foreach (ImportRecord record in CatalogReader.Read(path, SephoraCosmetics1472Format.FormatName))
            {
                if (record.Product is not { } product)
                {
                    skipped++;
                    firstSkip ??= $"row {record.RowNumber}: {record.SkipReason}";
                    continue;
                }

                bool[] flags = FlagsOf(product);
                if (flags.Any(f => f))
                {
                    products.Add(new LabelledProduct(product, flags));
                }
                else
                {
                    unlabelled++;
                }
            }
        }
        catch (CatalogFormatException ex)
        {
            throw new SuitabilityException($"Failed to read {path}: {ex.Message} Pass a file in the Sephora 1,472-product layout.", ex);
        }

        return new SuitabilityData(products, unlabelled, skipped) { FirstSkip = firstSkip };
    }

    /// <summary>Throws when no row of the folder is labelled, with the counts of unlabelled and unreadable rows.</summary>
    /// <exception cref="SuitabilityException">No product has a skin-type flag set.</exception>
    public void ThrowIfNoLabelledProducts(string dataDir)
    {
        if (Products.Count > 0)
        {
            return;
        }

        string unlabelled = UnlabelledRowsLeftOut == 1 ? "1 row has" : $"{UnlabelledRowsLeftOut} rows have";
        string skippedRows = RowsSkipped switch
        {
            0 => "",
            1 => $" and 1 row could not be read ({FirstSkip})",
            _ => $" and {RowsSkipped} rows could not be read (first: {FirstSkip})",
        };
        throw new SuitabilityException(
            $"No labelled products in {Path.Combine(dataDir, FileName)}: {unlabelled} all five flags at 0{skippedRows}. "
            + "Pass a folder with labelled rows.");
    }

    /// <summary>Returns the product's skin-type flags in <see cref="SkinTypeFlags.Names"/> order.</summary>
    public static bool[] FlagsOf(Product product) =>
        [.. SkinTypeFlags.Names.Select(name => product.SkinTypes.Contains(name, StringComparer.OrdinalIgnoreCase))];
}
