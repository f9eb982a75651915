using System.CommandLine;
using System.Globalization;
using Skinsight.Application.Catalog;
using Skinsight.Application.Composition;
using Skinsight.Catalog.Import;
using Skinsight.Catalog.Ingredients;
using Skinsight.Cli.Infrastructure;
using Skinsight.Core.Catalog;
using Skinsight.Data;
using Spectre.Console;

namespace Skinsight.Cli.Commands;

/// <summary><c>skinsight catalog import|search|show|formats|parse-report|resolution-sample</c></summary>
internal static class CatalogCommands
{
    public static Command Create() =>
        new("catalog", "Import product catalogs into the store and search them.")
        {
            CreateImport(),
            CreateSearch(),
            CreateFormats(),
            CreateParseReport(),
            CatalogSampleCommand.Create(),
            CatalogShowCommand.Create(),
        };

    private static Command CreateParseReport()
    {
        var cosing = CosingOption.Create();
        var command = new Command("parse-report", "Report, per imported catalog, the share of ingredient names that "
            + "resolve to an EU CosIng entry (exact, synonym, normalised or fuzzy) and the most frequent unresolved ones.")
        {
            cosing,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var context = new CommandContext(parseResult);
            var inventory = CosingOption.Load(parseResult.GetValue(cosing));
            var services = await context.ExistingServicesAsync(cancellationToken);
            var products = await services.Store.LoadProductsAsync(cancellationToken: cancellationToken);
            var catalogs = products
                .GroupBy(p => p.Source)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g =>
                {
                    var report = InciResolutionReport.Build(g.Select(p => p.Ingredients), inventory);
                    return new
                    {
                        Catalog = g.Key,
                        Products = g.Count(),
                        report.Tokens,
                        report.ResolvedShare,
                        ByKind = report.ByKind.ToDictionary(k => k.Key.ToString().ToLowerInvariant(), k => k.Value),
                        TopUnresolved = report.TopUnresolved.Select(u => new { Name = u.Key, Count = u.Value }),
                    };
                })
                .ToList();
            if (context.Output.IsJson)
            {
                context.Output.WriteJson(new { Catalogs = catalogs });
                return ExitCodes.Success;
            }

            foreach (var catalog in catalogs)
            {
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{catalog.Catalog}: {catalog.Products} products, {catalog.Tokens} ingredient names, "
                    + $"{catalog.ResolvedShare:P2} resolved ({string.Join(", ", catalog.ByKind.Select(k => $"{k.Key} {k.Value}"))})."));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateImport()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "Catalog file (CSV) to import." };
        var format = new Option<string?>("--format")
        {
            Description = "Catalog format; detected from the header when omitted. See 'skinsight catalog formats'.",
            HelpName = "NAME",
        };
        var map = new Option<string[]>("--map")
        {
            Description = "Column map for a CSV of another layout, one FIELD=COLUMN per use, e.g. "
                + "--map name=Title --map ingredients=INCI. Fields: " + string.Join(", ", ColumnMaps.FieldNames) + ".",
            HelpName = "FIELD=COLUMN",
            AllowMultipleArgumentsPerToken = false,
        };
        var showSkipped = new Option<int>("--show-skipped")
        {
            Description = "How many skipped rows to list with their reasons in text output (all of them are in --json).",
            DefaultValueFactory = _ => 20,
            HelpName = "N",
        };

        var command = new Command("import", "Stream a product catalog into the store. Re-importing the same file "
            + "changes nothing; every skipped row is reported with its reason.")
        {
            file, format, map, showSkipped,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var context = new CommandContext(parseResult);
            FileInfo input = parseResult.GetRequiredValue(file);
            InputFiles.RequireFile(input, "catalog");
            string[] pairs = parseResult.GetValue(map) ?? [];
            IReadOnlyDictionary<string, string>? columnMap = pairs.Length == 0 ? null : ColumnMaps.ParsePairs(pairs);
            var services = await context.ServicesAsync(cancellationToken);

            ImportReport report = await CliProgress.RunAsync(context.Output, $"Importing {input.Name}", async task =>
            {
                // The bar measures bytes of the file read, since the row count is unknown until the end.
                var reporter = task is null ? null : new ImportProgressReporter(task, input.Name, input.Length);
                var result = await services.CatalogImport.ImportAsync(
                    input.FullName, parseResult.GetValue(format), columnMap, reporter, cancellationToken);
                task.Report(input.Length, input.Length);
                return result;
            }, counted: true);

            WriteReport(context.Output, report, parseResult.GetValue(showSkipped));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Moves the import's progress bar on the reporting thread as each batch is stored.</summary>
    private sealed class ImportProgressReporter(ProgressTask task, string fileName, long fileBytes)
        : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value)
        {
            task.Report(value.BytesRead, fileBytes);
            task.Describe(string.Create(CultureInfo.InvariantCulture, $"Importing {fileName}: {value.RowsRead:N0} rows"));
        }
    }

    private static void WriteReport(CliOutput output, ImportReport report, int showSkipped)
    {
        if (output.IsJson)
        {
            output.WriteJson(report);
            return;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{report.Path}: {report.RowsRead} rows read; {report.Imported} imported, {report.Updated} updated, "
            + $"{report.Unchanged} unchanged, {report.Skipped} skipped in {report.Elapsed.TotalSeconds:0.00} s."));
        foreach (var group in report.SkippedRows.GroupBy(r => r.Reason).OrderByDescending(g => g.Count()).Take(10))
        {
            output.WriteLine($"  {group.Count(),6} skipped: {group.Key}");
        }

        foreach (var row in report.SkippedRows.Take(showSkipped))
        {
            output.WriteLine($"  row {row.RowNumber}: {row.Reason}");
        }

        if (report.SkippedRows.Count > showSkipped)
        {
            output.WriteLine($"  ... {report.SkippedRows.Count - showSkipped} more; --json lists every skipped row.");
        }
    }

    private static Command CreateSearch()
    {
        var text = new Argument<string?>("TEXT")
        {
            Description = "Words to find in product names or brands.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var category = new Option<string?>("--category")
        {
            Description = "Only this product category (" + string.Join(", ", CategoryNames()) + ").",
        };
        var minPrice = new Option<decimal?>("--min-price") { Description = "Lowest price in US dollars.", HelpName = "USD" };
        var maxPrice = new Option<decimal?>("--max-price") { Description = "Highest price in US dollars.", HelpName = "USD" };
        var skinType = new Option<string?>("--skin-type") { Description = "Suitable for this skin type (oily, dry, combination, normal, sensitive)." };
        var concern = new Option<string?>("--concern") { Description = "Good for this concern (acne, redness, dark-spots, ...)." };
        var freeOf = new Option<string[]>("--free-of")
        {
            Description = "Leave out products with this ingredient class (fragrance, drying alcohol, essential oils, "
                + "parabens, ...) or, for any other word, whose ingredient list mentions it; repeatable.",
        };
        var contains = new Option<string[]>("--contains")
        {
            Description = "Keep only products with this active or class of actives (niacinamide, retinoid, bha, "
                + "vitamin c, ...) or, for any other word, with an ingredient whose name contains it; repeatable.",
        };
        var excludeProhibited = new Option<bool>("--exclude-prohibited")
        {
            Description = "Leave out products with a substance that EU Annex II prohibits in cosmetics (needs the "
                + "eu-cosing-annexes reference data).",
        };
        var excludeFragranceAllergens = new Option<bool>("--exclude-fragrance-allergens")
        {
            Description = "Leave out products with an EU Annex III fragrance allergen that must be named on the label "
                + "(needs the eu-cosing-annexes reference data).",
        };
        var data = ReferenceDataOption.Create();
        var take = new Option<int>("--take") { Description = "How many products to show (1-200).", DefaultValueFactory = _ => 20 };

        var command = new Command("search", "Search the imported catalog.")
        {
            text, category, minPrice, maxPrice, skinType, concern, freeOf, contains, excludeProhibited, excludeFragranceAllergens,
            data, take,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var context = new CommandContext(parseResult);
            int count = parseResult.GetValue(take);
            if (count is < 1 or > ProductQuery.MaxTake)
            {
                throw new CliException($"--take {count} is out of range; use 1 to {ProductQuery.MaxTake}.");
            }

            decimal? min = parseResult.GetValue(minPrice);
            decimal? max = parseResult.GetValue(maxPrice);
            if (min > max)
            {
                throw new CliException($"--min-price {min} is above --max-price {max}; swap them.");
            }

            var query = new ProductQuery(
                parseResult.GetValue(text),
                ParseCategory(parseResult.GetValue(category)),
                max,
                parseResult.GetValue(skinType),
                parseResult.GetValue(concern),
                Take: count) { MinPriceUsd = min };
            query.CheckFilters();
            var knowledge = IngredientKnowledge.LoadDefault();
            query = FreeOfFilter.Apply(query, parseResult.GetValue(freeOf) ?? [], knowledge);
            query = ContainsFilter.Apply(query, parseResult.GetValue(contains) ?? [], knowledge);
            var services = await context.ExistingServicesAsync(cancellationToken);
            bool leaveOutProhibited = parseResult.GetValue(excludeProhibited);
            bool leaveOutAllergens = parseResult.GetValue(excludeFragranceAllergens);
            CosingAnnexes? annexes = services.Annexes;
            if (parseResult.GetValue(data) is { } folder)
            {
                string annexFolder = Path.Combine(folder.FullName, IngredientReferenceData.AnnexesPath);
                annexes = CosingAnnexes.TryLoadFolder(annexFolder);
                if (annexes is null && (leaveOutProhibited || leaveOutAllergens))
                {
                    // The shared message names SKINSIGHT_DATA, but here the user chose the folder with --data.
                    throw new CliException($"--data {folder.FullName}: no readable EU annex data was found in "
                        + $"{annexFolder}. Pass the folder that contains eu-cosing-annexes, or search without the annex filters.");
                }
            }

            query = AnnexFilter.Apply(query, leaveOutProhibited, leaveOutAllergens, annexes);
            var page = await services.Store.SearchProductsAsync(query, cancellationToken);
            if (context.Output.IsJson)
            {
                context.Output.WriteJson(new { page.Total, Items = page.Items.Select(ProductSummary.From) });
                return ExitCodes.Success;
            }

            // The brand and the id go under the name, so that the product text gets most of a narrow terminal even
            // when ids are long (the LookFantastic ids are the product names).
            var table = new Table()
                .AddColumn("Product (brand, id)")
                .AddFixedColumn("Category")
                .AddFixedColumn("Price", Justify.Right);
            foreach (var product in page.Items)
            {
                table.AddRow(
                    $"{Markup.Escape(product.Name)}\n[grey]{Markup.Escape(product.Brand)}\n{Markup.Escape(product.Key)}[/]",
                    product.Category.ToString(),
                    product.Price is decimal price
                        ? string.Create(CultureInfo.InvariantCulture, $"{price:0.00} {product.Currency}")
                        : "-");
            }

            context.Output.Console.Write(table);
            context.Output.WriteLine($"{page.Items.Count} of {page.Total} matching products.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static IEnumerable<string> CategoryNames() =>
        Enum.GetNames<ProductCategory>().Select(System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName);

    private static ProductCategory? ParseCategory(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return Enum.TryParse<ProductCategory>(text.Trim(), ignoreCase: true, out var category) && Enum.IsDefined(category)
            ? category
            : throw new CliException($"Unknown --category '{text}'; use one of: {string.Join(", ", CategoryNames())}.");
    }

    private static Command CreateFormats()
    {
        var command = new Command("formats", "List the catalog formats 'catalog import' reads.");
        command.SetAction(parseResult =>
        {
            var output = CliOutput.For(parseResult);
            if (output.IsJson)
            {
                output.WriteJson(new { Formats = CatalogReader.FormatNames });
            }
            else
            {
                foreach (string name in CatalogReader.FormatNames)
                {
                    output.WriteLine(name);
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
