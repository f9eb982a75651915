using Skinsight.Catalog.Ingredients;
using Skinsight.Core;
using Skinsight.Data;

namespace Skinsight.Application.Catalog;

/// <summary>
/// Turns the EU annex options of a catalog search into an ingredient test: leave out products with an Annex II
/// (prohibited) substance, or with an Annex III fragrance allergen that must be named on the label.
/// </summary>
public static class AnnexFilter
{
    /// <summary>Returns <paramref name="query"/> with the requested annex exclusions added to its ingredient test.</summary>
    /// <param name="annexes">The loaded annexes; null when the annex data is not available.</param>
    /// <exception cref="AnnexDataMissingException">An exclusion is requested but <paramref name="annexes"/> is null.</exception>
    public static ProductQuery Apply(
        ProductQuery query, bool excludeProhibited, bool excludeFragranceAllergens, CosingAnnexes? annexes)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!excludeProhibited && !excludeFragranceAllergens)
        {
            return query;
        }

        // Without the data the filter would pass every product, which a person with a fragrance allergy would read
        // as "checked and clean", so the search is rejected instead.
        if (annexes is null)
        {
            throw new AnnexDataMissingException(
                "The EU annex data (eu-cosing-annexes) is not loaded, so products with Annex II or Annex III substances "
                + "cannot be left out. Point the reference data folder (SKINSIGHT_DATA) at a folder that holds "
                + "eu-cosing-annexes, or search without the annex filters.");
        }

        return query.WithIngredientTest(ingredients =>
            !(excludeProhibited && annexes.FindProhibited(ingredients).Count > 0)
            && !(excludeFragranceAllergens && annexes.FindFragranceAllergens(ingredients).Count > 0));
    }
}

/// <summary>
/// An annex filter was requested but the server has no EU annex data. The request is valid and the set-up is not, so
/// the API returns 503 and the CLI prints the message.
/// </summary>
public sealed class AnnexDataMissingException(string message) : InvalidInputException(message)
{
    public override int StatusCode => 503;
}
