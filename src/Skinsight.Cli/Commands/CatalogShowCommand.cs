using System.CommandLine;
using System.Globalization;
using Skinsight.Application.Catalog;
using Skinsight.Catalog.Ingredients;
using Skinsight.Cli.Infrastructure;

namespace Skinsight.Cli.Commands;

/// <summary><c>skinsight catalog show ID [--data DIR]</c>: the product page, as <c>GET /api/products/{id}</c> returns it.</summary>
internal static class CatalogShowCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("id") { Description = "Product id, e.g. sephora-2023:P123 (see 'catalog search')." };
        var data = ReferenceDataOption.Create();
        var command = new Command("show", "Show one product with its parsed ingredients, their CosIng names, functions, "
            + "flags and the source of each fact.")
        {
            id, data,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var context = new CommandContext(parseResult);
            var services = await context.ExistingServicesAsync(cancellationToken);
            DirectoryInfo? folder = parseResult.GetValue(data);
            ProductDetailsService pages = folder is null
                ? services.ProductDetails
                : new ProductDetailsService(services.Store, folder.FullName);
            string productId = parseResult.GetRequiredValue(id);
            ProductDetails details = await pages.FindAsync(productId, cancellationToken)
                ?? throw new CliException(
                    $"no product with id '{productId}'; ids look like sephora-2023:P123, see 'skinsight catalog search'.");

            if (context.Output.IsJson)
            {
                context.Output.WriteJson(details);
                return ExitCodes.Success;
            }

            Print(context.Output, details);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Print(CliOutput output, ProductDetails details)
    {
        output.WriteLine($"{details.Brand} - {details.Name} ({details.Id})");
        string price = details.Price is { } p ? $"{p.ToString("0.00", CultureInfo.InvariantCulture)} {details.Currency}" : "no price";
        output.WriteLine($"Category: {details.Category}, {price}");

        // One block per ingredient rather than a table: annex conditions and citations are too long for columns.
        foreach (IngredientFacts ingredient in details.Facts.Ingredients)
        {
            output.WriteLine($"{ingredient.Position,3}. {ingredient.Raw}{SectionNote(ingredient)} -> "
                + $"{ingredient.Resolution.InciName ?? "-"} ({DescribeResolution(ingredient.Resolution)})");
            if (ingredient.Functions.Count > 0)
            {
                output.WriteLine($"     functions: {string.Join(", ", ingredient.Functions)} [{ingredient.FunctionsSource}]");
            }

            foreach (string flag in Flags(ingredient))
            {
                output.WriteLine($"     {flag}");
            }
        }

        foreach (ProductConflict conflict in details.Facts.Conflicts)
        {
            output.WriteLine($"Conflict ({conflict.Severity}): {string.Join(" + ", conflict.Ingredients)}. "
                + $"{conflict.Reason} {conflict.Advice} Source: {conflict.Citation}");
        }

        output.WriteLine("Sources:");
        foreach (ReferenceSource source in details.Facts.Sources)
        {
            string state = source.Available ? source.Location : $"unavailable: {source.Problem}";
            output.WriteLine($"  {source.Id}: {source.Title} ({state})");
        }
    }

    /// <summary>Describes the match, e.g. <c>fuzzy 0.91</c> or <c>korean-table (Niacinamide, exact 0.95)</c>.</summary>
    internal static string DescribeResolution(IngredientResolution resolution)
    {
        string method = resolution.Method switch
        {
            ResolutionMethod.KoreanTable => "korean-table",
            ResolutionMethod.NotChecked => "not checked",
            _ => resolution.Method.ToString().ToLowerInvariant(),
        };
        if (resolution.Method == ResolutionMethod.KoreanTable)
        {
            string match = resolution.TranslationMatch?.ToString().ToLowerInvariant() ?? "";
            return $"{method} ({resolution.Translation}, {match} {resolution.Confidence.ToString("0.00", CultureInfo.InvariantCulture)})";
        }

        return resolution.InciName is null
            ? method
            : $"{method} {resolution.Confidence.ToString("0.00", CultureInfo.InvariantCulture)}";
    }

    /// <summary>Returns one short text per flag and rating, naming the source in brackets.</summary>
    internal static IEnumerable<string> Flags(IngredientFacts ingredient)
    {
        foreach (AnnexFlag annex in ingredient.Annexes)
        {
            string kind = AnnexKind(annex);
            string limit = annex.MaxConcentration.Length > 0 ? $", max {OneLine(annex.MaxConcentration)}" : "";
            string conditional = annex.Conditional ? ", some forms only" : "";
            yield return $"Annex {annex.Annex}/{annex.Reference} {kind}{limit}{conditional} [{annex.Source}]";
        }

        if (ingredient.Comedogenic is { } rating)
        {
            yield return $"comedogenic {rating.Comedogenicity}, irritancy {rating.Irritancy} [{rating.Source}]";
        }

        if (ingredient.Cosdna is { } cosdna)
        {
            yield return $"CosDNA acne {Range(cosdna.Acne)}, irritant {Range(cosdna.Irritant)} [{cosdna.Source}]";
        }

        foreach (ActiveFact active in ingredient.Actives)
        {
            yield return $"active: {active.Name} ({active.Class}) [{active.Source}]";
        }

        foreach (AllergenFact allergen in ingredient.Allergens)
        {
            yield return $"allergen group: {allergen.Group} [{allergen.Source}]";
        }

        foreach (ContraindicationFact contraindication in ingredient.Contraindications)
        {
            string above = contraindication.AbovePercent is { } percent ? $" above {percent}%" : "";
            yield return $"{contraindication.Severity} for {contraindication.Condition}{above} [{contraindication.Source}]";
        }

        foreach (ConflictFact conflict in ingredient.Conflicts)
        {
            yield return $"conflicts with {string.Join("/", conflict.With)} ({conflict.When}) [{conflict.Source}]";
        }
    }

    private static string AnnexKind(AnnexFlag annex)
    {
        if (annex.Prohibited)
        {
            return "prohibited";
        }

        return annex.LabelledFragranceAllergen ? "labelled fragrance allergen" : "restricted";
    }

    private static string SectionNote(IngredientFacts ingredient)
    {
        if (ingredient.MayContain)
        {
            return " (may contain)";
        }

        return ingredient.Section is { } title ? $" ({title})" : "";
    }

    /// <summary>Joins the lines of an annex cell, which the CosIng export splits with blank lines.</summary>
    private static string OneLine(string text) =>
        string.Join(' ', text.Split((char[])['\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries));

    private static string Range(IReadOnlyList<int> values) => values.Count switch
    {
        0 => "not rated",
        1 => values[0].ToString(CultureInfo.InvariantCulture),
        _ => $"{values.Min()}-{values.Max()}",
    };
}
