using System.CommandLine;
using System.Globalization;
using Skinsight.Application.Tracking;
using Skinsight.Cli.Infrastructure;
using Skinsight.Tracking.Efficacy;
using Spectre.Console;

namespace Skinsight.Cli.Commands;

/// <summary><c>skinsight efficacy store|reviews</c></summary>
internal static class EfficacyCommands
{
    public static Command Create() =>
        new("efficacy", "Ingredient efficacy reports for product development: which actives go with improvement.")
        {
            CreateStore(),
            CreateReviews(),
        };

    private static Command CreateStore()
    {
        var minPeople = new Option<int>("--min-people")
        {
            Description = "Fewest people a group (all, or one skin type) needs before it is reported.",
            DefaultValueFactory = _ => IngredientEfficacy.DefaultMinPeople,
        };
        var command = new Command("store", "Pool the check-ins of everyone with research consent under pseudonyms and estimate "
            + "each active's effect on each measure per skin type, with 95% intervals (fixed effects, clustered errors).")
        {
            minPeople,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var context = new CommandContext(parseResult);
            int min = parseResult.GetValue(minPeople);
            if (min < EfficacyService.FewestPeople)
            {
                throw new CliException(
                    $"--min-people {min} is too small; pass {EfficacyService.FewestPeople} or more, so no group can single a person out.");
            }

            var services = await context.ServicesAsync(cancellationToken);
            var report = await services.Efficacy.ReportAsync(min, cancellationToken);
            if (context.Output.IsJson)
            {
                context.Output.WriteJson(report);
                return ExitCodes.Success;
            }

            context.Output.WriteLine($"{report.People} people, {report.CheckIns} values with the steps used.");
            if (report.Estimates.Count == 0)
            {
                context.Output.WriteLine(
                    $"No estimates: no group of at least {min} people has check-ins in which an active was both used and not used.");
                return ExitCodes.Success;
            }

            var table = new Table()
                .AddColumn("Active")
                .AddColumn("Measure")
                .AddFixedColumn("Skin type")
                .AddFixedColumn("Improvement", Justify.Right)
                .AddFixedColumn("95% CI")
                .AddFixedColumn("p", Justify.Right)
                .AddColumn("People (exposed)");
            foreach (var row in report.Estimates)
            {
                table.AddRow(
                    Markup.Escape(row.Active),
                    Markup.Escape(row.Measure),
                    row.SkinType?.ToString().ToLowerInvariant() ?? "all",
                    Format(row.MeanImprovement, "+0.00;-0.00;0.00"),
                    $"{Format(row.Lower, "0.00")} to {Format(row.Upper, "0.00")}",
                    Format(row.PValue, "0.000"),
                    $"{row.People} ({row.ExposedPeople})");
            }

            context.Output.Console.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateReviews()
    {
        var reviews = new Option<DirectoryInfo?>("--reviews")
        {
            Description = "Folder of Olive Young review CSV files (default: ../shared/data/oliveyoung-kr-reviews beside the repository).",
            HelpName = "DIR",
        };
        var ingredients = new Option<FileInfo?>("--ingredients")
        {
            Description = "CSV with product_id and ingredients (default: table3_essence_ingredients.csv in the review folder).",
            HelpName = "FILE",
        };
        var minReviews = new Option<int>("--min-reviews")
        {
            Description = "Fewest reviews each arm (with and without the active) needs before a row is reported.",
            DefaultValueFactory = _ => ReviewEfficacy.DefaultMinReviews,
        };
        var command = new Command("reviews", "Compare star ratings of products with and without each active among "
            + "reviewers with each concern (Welch's t test, Cohen's d). Ratings, not measured skin change.")
        {
            reviews, ingredients, minReviews,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var output = CliOutput.For(parseResult);
            string folder = parseResult.GetValue(reviews)?.FullName
                ?? Path.GetFullPath(Path.Combine(SkinsightHome.Find(), "..", "shared", "data", "oliveyoung-kr-reviews"));
            string catalog = parseResult.GetValue(ingredients)?.FullName ?? Path.Combine(folder, "table3_essence_ingredients.csv");
            int min = parseResult.GetValue(minReviews);
            if (min < 2)
            {
                throw new CliException($"--min-reviews {min} is invalid; pass 2 or more.");
            }

            var report = ReviewEfficacy.Analyze(folder, catalog, min);
            if (output.IsJson)
            {
                output.WriteJson(report);
                return Task.FromResult(ExitCodes.Success);
            }

            output.WriteLine($"{report.Reviews} reviews; {report.ReviewsWithIngredients} of them rate one of {report.Products} products with an ingredient list.");
            if (report.Rows.Count == 0)
            {
                output.WriteLine(
                    $"No rows: no active and concern has at least {min} reviews both with and without the active; lower --min-reviews to see smaller groups.");
                return Task.FromResult(ExitCodes.Success);
            }

            // Active and concern share a cell and the interval sits under the difference, so that the table fits
            // in 80 columns; the legend under it spells out the short headers.
            var table = new Table()
                .AddColumn("Active (concern)")
                .AddFixedColumn("Stars")
                .AddFixedColumn("Difference", Justify.Right)
                .AddFixedColumn("d", Justify.Right)
                .AddFixedColumn("p", Justify.Right)
                .AddFixedColumn("Reviews", Justify.Right);
            foreach (var row in report.Rows)
            {
                var c = row.Comparison;
                table.AddRow(
                    $"{Markup.Escape(row.Active)}\n[grey]({Markup.Escape(row.Concern)})[/]",
                    $"{Format(c.ControlMean, "0.00")} / {Format(c.TreatmentMean, "0.00")}",
                    $"{Format(c.Difference, "+0.00;-0.00;0.00")}\n[grey]{Format(c.Lower, "0.00")} to {Format(c.Upper, "0.00")}[/]",
                    Format(c.CohensD, "0.00"),
                    Format(c.PValue, "0.000"),
                    $"{c.ControlCount} / {c.TreatmentCount}");
            }

            output.Console.Write(table);
            output.Console.MarkupLine("[grey]Stars and Reviews: without / with the active. Difference: stars with minus "
                + "without, 95% CI below. d: Cohen's d.[/]");
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
