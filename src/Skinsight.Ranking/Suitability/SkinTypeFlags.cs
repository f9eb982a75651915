namespace Skinsight.Ranking.Suitability;

/// <summary>The five skin-type flags the suitability model predicts, in the column order of <c>cosmetics.csv</c>.</summary>
public static class SkinTypeFlags
{
    /// <summary>Flag names in lower case, matching <see cref="Core.Catalog.Product.SkinTypes"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["combination", "dry", "normal", "oily", "sensitive"];

    public static int Count => Names.Count;
}
