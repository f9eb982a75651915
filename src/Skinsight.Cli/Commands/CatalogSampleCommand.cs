using System.CommandLine;
using System.Globalization;
using nietras.SeparatedValues;
using Skinsight.Catalog.Ingredients;
using Skinsight.Cli.Infrastructure;

namespace Skinsight.Cli.Commands;

/// <summary><c>skinsight catalog resolution-sample</c>: resolved ingredient names drawn for a hand check.</summary>
internal static class CatalogSampleCommand
{
    public static Command Create()
    {
        var catalog = new Option<string>("--catalog")
        {
            Description = "Imported catalog (source name) to draw from, e.g. sephora-2023.",
            Required = true,
            HelpName = "NAME",
        };
        var count = new Option<int>("--count")
        {
            Description = "How many resolved names to draw.",
            DefaultValueFactory = _ => 200,
            HelpName = "N",
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Seed of the random draw; the same seed and catalog give the same sample.",
            DefaultValueFactory = _ => 1,
            HelpName = "N",
        };
        var cosing = CosingOption.Create();
        var command = new Command("resolution-sample", "Draw a seeded random sample of ingredient names that resolved "
            + "to a CosIng entry and print each as CSV: product, raw token, cleaned name, CosIng name, match kind and "
            + "confidence. Check the rows by hand to estimate the resolver's error rate.")
        {
            catalog, count, seed, cosing,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var context = new CommandContext(parseResult);
            int n = parseResult.GetValue(count);
            if (n < 1)
            {
                throw new CliException($"--count {n} is out of range; use 1 or more.");
            }

            string source = parseResult.GetRequiredValue(catalog);
            CosingInventory inventory = CosingOption.Load(parseResult.GetValue(cosing));
            var services = await context.ExistingServicesAsync(cancellationToken);
            var products = (await services.Store.LoadProductsAsync(cancellationToken: cancellationToken))
                .Where(p => p.Source.Equals(source, StringComparison.OrdinalIgnoreCase))
                .ToList();
            if (products.Count == 0)
            {
                throw new CliException($"no products of catalog '{source}' are in the store; import it first "
                    + "or check the name with 'skinsight catalog parse-report'.");
            }

            IReadOnlyList<InciSampleRow> rows = InciResolutionSample.Draw(products, inventory, n, parseResult.GetValue(seed));
            if (context.Output.IsJson)
            {
                context.Output.WriteJson(new { Catalog = source, Seed = parseResult.GetValue(seed), Rows = rows });
                return ExitCodes.Success;
            }

            WriteCsv(Console.Out, rows);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteCsv(TextWriter output, IReadOnlyList<InciSampleRow> rows)
    {
        using SepWriter writer = Sep.New(',').Writer(o => o with { Escape = true }).To(output, leaveOpen: true);
        foreach (InciSampleRow row in rows)
        {
            using var line = writer.NewRow();
            line["product"].Set(row.ProductKey);
            line["raw"].Set(row.Raw);
            line["name"].Set(row.Name);
            line["inci"].Set(row.InciName);
            line["kind"].Set(row.Kind.ToString().ToLowerInvariant());
            line["confidence"].Set(row.Confidence.ToString("0.000", CultureInfo.InvariantCulture));
        }
    }
}
