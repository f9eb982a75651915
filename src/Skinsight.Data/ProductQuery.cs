using Skinsight.Core;
using Skinsight.Core.Analysis;
using Skinsight.Core.Catalog;

namespace Skinsight.Data;

/// <summary>Filters for a catalog search; every filter left null matches all products.</summary>
/// <param name="Text">Words that must occur in the name or the brand (case-insensitive).</param>
/// <param name="MaxPriceUsd">Highest price in US dollars; products without a price are left out when set.</param>
/// <param name="SkinType">A skin type the source marks the product as suitable for, e.g. <c>oily</c>.</param>
/// <param name="Concern">A concern name the product is good for, e.g. <c>acne</c>.</param>
/// <param name="FreeOf">Ingredient words that must not occur in the raw ingredient list, e.g. <c>fragrance</c>.</param>
public sealed record ProductQuery(
    string? Text = null,
    ProductCategory? Category = null,
    decimal? MaxPriceUsd = null,
    string? SkinType = null,
    string? Concern = null,
    IReadOnlyList<string>? FreeOf = null,
    int Skip = 0,
    int Take = 20)
{
    /// <summary>Most products one search returns.</summary>
    public const int MaxTake = 200;

    /// <summary>The skin types catalog imports mark products with.</summary>
    public static readonly IReadOnlyList<string> KnownSkinTypes = ["normal", "dry", "oily", "combination", "sensitive"];

    /// <summary>
    /// Throws when the skin type or the concern is not one the catalog uses, because such a search always finds
    /// nothing. The message names the value and lists the valid ones.
    /// </summary>
    public ProductQuery CheckFilters()
    {
        Check(SkinType, KnownSkinTypes, "skin type");
        Check(Concern, Concerns.All, "concern");
        return this;
    }

    private static void Check(string? value, IReadOnlyList<string> known, string filterName)
    {
        if (!string.IsNullOrWhiteSpace(value) && !known.Contains(value.Trim().ToLowerInvariant()))
        {
            throw new InvalidInputException($"Unknown {filterName} '{value}'; use one of: {string.Join(", ", known)}.");
        }
    }

    /// <summary>Lowest price in US dollars; products without a price are left out when set.</summary>
    public decimal? MinPriceUsd { get; init; }

    /// <summary>
    /// A test on the parsed ingredient names that a product must pass, such as "has no drying alcohol". It runs
    /// in memory after the other filters, so a search that sets it reads every product they leave.
    /// </summary>
    public Func<IReadOnlyList<string>, bool>? IngredientTest { get; init; }

    /// <summary>Returns this query with <paramref name="test"/> added to its ingredient test: a product must pass both.</summary>
    public ProductQuery WithIngredientTest(Func<IReadOnlyList<string>, bool> test)
    {
        ArgumentNullException.ThrowIfNull(test);
        Func<IReadOnlyList<string>, bool>? previous = IngredientTest;
        return this with { IngredientTest = previous is null ? test : ingredients => previous(ingredients) && test(ingredients) };
    }
}

/// <summary>One page of search results and the number of all matches.</summary>
public sealed record ProductPage(int Total, IReadOnlyList<Product> Items);
