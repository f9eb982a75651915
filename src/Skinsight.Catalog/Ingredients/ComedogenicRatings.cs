using System.Globalization;
using Skinsight.Catalog.Import;

namespace Skinsight.Catalog.Ingredients;

/// <summary>Pore-clogging and irritation ratings of one ingredient on the 0-5 scale.</summary>
public sealed record ComedogenicRating(string Name, int Comedogenicity, int Irritancy);

/// <summary>
/// Comedogenicity and irritancy ratings (0 none to 5 severe) read from a CSV with columns <c>Name</c>,
/// <c>Comedogenicity</c> and <c>Irritancy</c>, matched on <see cref="InciNames.Key"/>.
/// </summary>
/// <remarks>
/// NOTE: the public tables of this kind go back to rabbit-ear tests of raw materials, not finished products, and
/// disagree with each other, so use a rating to down-rank a product for acne-prone skin, not to exclude it.
/// </remarks>
public sealed class ComedogenicRatings
{
    private readonly Dictionary<string, ComedogenicRating> _byKey;

    private ComedogenicRatings(IEnumerable<ComedogenicRating> ratings)
    {
        _byKey = new(StringComparer.Ordinal);
        foreach (ComedogenicRating rating in ratings)
        {
            _byKey.TryAdd(InciNames.Key(rating.Name), rating);
        }
    }

    public int Count => _byKey.Count;

    /// <summary>Loads the ratings; rows with a missing or non-numeric rating are left out.</summary>
    /// <exception cref="CatalogFormatException">The file is missing, unreadable or lacks a needed column.</exception>
    public static ComedogenicRatings Load(string path)
    {
        using CsvTable table = CsvTable.Open(path);
        int[] at = table.RequireColumns("comedogenic-ratings", "Name", "Comedogenicity", "Irritancy");
        List<ComedogenicRating> ratings = [];
        foreach (CsvRow row in table.Rows())
        {
            string[] v = row.Values;
            if (v.Length > at.Max()
                && v[at[0]].Trim().Length > 0
                && int.TryParse(v[at[1]], NumberStyles.Integer, CultureInfo.InvariantCulture, out int comedogenicity)
                && int.TryParse(v[at[2]], NumberStyles.Integer, CultureInfo.InvariantCulture, out int irritancy))
            {
                ratings.Add(new ComedogenicRating(v[at[0]].Trim(), comedogenicity, irritancy));
            }
        }

        return new ComedogenicRatings(ratings);
    }

    /// <summary>Returns the rating of an ingredient, trying its name without a parenthesised common name too.</summary>
    public ComedogenicRating? Find(string ingredient)
    {
        ArgumentNullException.ThrowIfNull(ingredient);
        if (_byKey.TryGetValue(InciNames.Key(ingredient), out ComedogenicRating? rating))
        {
            return rating;
        }

        int open = ingredient.IndexOf('(');
        int close = ingredient.IndexOf(')', Math.Max(open, 0));
        if (open < 0 || close < 0)
        {
            return null;
        }

        string withoutCommonName = ingredient.Remove(open, close - open + 1);
        return _byKey.GetValueOrDefault(InciNames.Key(withoutCommonName));
    }

    /// <summary>Returns the rated ingredient with the highest comedogenicity, or null when none is rated.</summary>
    public ComedogenicRating? MostComedogenic(IEnumerable<string> ingredients)
    {
        ArgumentNullException.ThrowIfNull(ingredients);
        return ingredients
            .Select(Find)
            .OfType<ComedogenicRating>()
            .MaxBy(r => r.Comedogenicity);
    }
}
