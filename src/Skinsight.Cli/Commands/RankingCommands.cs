using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Skinsight.Cli.Infrastructure;
using Skinsight.Ranking.Reviews;
using Skinsight.Ranking.Suitability;
using Spectre.Console;

namespace Skinsight.Cli.Commands;

/// <summary>Train and evaluate commands of the ML.NET catalog models: skin-type suitability and the review ranker.</summary>
internal static class RankingCommands
{
    private static string DefaultSuitabilityModel => Path.Combine(SkinsightHome.Find(), "models", "suitability", "suitability.zip");

    private static string DefaultRankerModel => Path.Combine(SkinsightHome.Find(), "models", "ranker", "sephora-ranker.zip");

    public static Command CreateTrainSuitability()
    {
        var data = DataOption("Folder holding a cosmetics.csv with the five skin-type flags.");
        var outPath = ModelOption("--out", "Model file to write", DefaultSuitabilityModel);
        var seed = SeedOption();
        var command = new Command("suitability", "Fit the skin-type suitability model (a LightGBM classifier per "
            + "flag, cross-validated grid search, then the near-duplicate rule) on a cosmetics.csv folder. A JSON "
            + "summary of the search is written beside the model, with .json in place of its extension.")
        {
            data, outPath, seed,
        };
        command.SetAction(parseResult =>
        {
            var output = CliOutput.For(parseResult);
            string model = parseResult.GetValue(outPath)?.FullName ?? DefaultSuitabilityModel;
            var report = WithStatus(output, "Training suitability model", status =>
                SuitabilityTrainer.Train(InputFiles.RequireFolder(parseResult.GetRequiredValue(data)), model,
                    parseResult.GetValue(seed), new Progress<string>(status)));
            WriteResult(output, report, FormattableString.Invariant(
                $"Saved {report.ModelPath}. Training, grid search included, took {report.Elapsed.TotalSeconds:F1} s."));
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command CreateEvaluateSuitability()
    {
        var data = DataOption("Folder holding a cosmetics.csv of the same layout.");
        var model = ModelOption("--model", "Saved model", DefaultSuitabilityModel);
        var command = new Command("suitability", "Score the suitability model against the majority and nearest-"
            + "neighbour baselines with bootstrap 95% intervals.") { data, model };
        command.SetAction(parseResult =>
        {
            var output = CliOutput.For(parseResult);
            string folder = InputFiles.RequireFolder(parseResult.GetRequiredValue(data));
            var report = CliProgress.Run(output, "Scoring the suitability model and its baselines", _ =>
                SuitabilityEvaluator.Evaluate(folder, parseResult.GetValue(model)?.FullName ?? DefaultSuitabilityModel));
            if (output.IsJson)
            {
                output.WriteRaw(report.ToJson());
            }
            else
            {
                foreach (string line in SuitabilitySummary(report))
                {
                    output.WriteLine(line);
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    public static Command CreateTrainRanker()
    {
        var data = DataOption("Folder of review CSVs (Sephora or Olive Young layout).");
        var catalog = CatalogOption();
        var outPath = ModelOption("--out", "Model file to write", DefaultRankerModel);
        var seed = SeedOption();
        var command = new Command("ranker", "Fit the dislike ranker (LightGBM, author-grouped cross-validated grid "
            + "search) on review files.") { data, catalog, outPath, seed };
        command.SetAction(parseResult =>
        {
            var output = CliOutput.For(parseResult);
            string model = parseResult.GetValue(outPath)?.FullName ?? DefaultRankerModel;
            var report = WithStatus(output, "Training ranker", status =>
                ReviewRanker.Train(InputFiles.RequireFolder(parseResult.GetRequiredValue(data)), CatalogPath(parseResult, catalog),
                    model, parseResult.GetValue(seed), new Progress<string>(status)));
            WriteResult(output, report, FormattableString.Invariant(
                $"Saved {model}. The grid search took {report.GridSearchSeconds:F1} s and the whole training {report.TrainingSeconds:F1} s."));
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command CreateEvaluateRanker()
    {
        var data = DataOption("Folder of review CSVs of the layout the model was trained on.");
        var catalog = CatalogOption();
        var model = ModelOption("--model", "Saved model", DefaultRankerModel);
        var command = new Command("ranker", "Score the ranker: AUC of spotting ratings of 3 or less, NDCG@10 over "
            + "profile groups, and the two baselines, with bootstrap 95% intervals.") { data, catalog, model };
        command.SetAction(parseResult =>
        {
            var output = CliOutput.For(parseResult);
            string folder = InputFiles.RequireFolder(parseResult.GetRequiredValue(data));
            var report = CliProgress.Run(output, "Scoring the ranker and its baselines", _ =>
                ReviewRankerEvaluator.Evaluate(
                    folder, CatalogPath(parseResult, catalog), parseResult.GetValue(model)?.FullName ?? DefaultRankerModel));
            if (output.IsJson)
            {
                // A metric is NaN when a class is empty in the scored data, so named literals are allowed here.
                output.WriteRaw(JsonSerializer.Serialize(report, s_reportJson));
            }
            else
            {
                foreach (string line in RankerSummary(report))
                {
                    output.WriteLine(line);
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The evaluation in a few lines of text: macro-F1s and gains with their intervals, then each flag's F1.</summary>
    internal static IEnumerable<string> SuitabilitySummary(SuitabilityReport report)
    {
        static string Range(Interval interval) => FormattableString.Invariant($"[{interval.Lower:+0.0000;-0.0000}, {interval.Upper:+0.0000;-0.0000}]");

        yield return FormattableString.Invariant(
            $"{report.N} labelled products scored; {report.UnlabelledRowsLeftOut} unlabelled and {report.RowsSkipped} unreadable rows left out.");
        yield return FormattableString.Invariant(
            $"macro-F1: model {report.MacroF1:0.0000}, majority baseline {report.BaselineMajorityMacroF1:0.0000}, neighbour baseline (k = {report.NeighbourK}) {report.BaselineNeighbourMacroF1:0.0000}");
        yield return FormattableString.Invariant(
            $"model minus majority {report.GainOverMajority:+0.0000;-0.0000} {Range(report.GainOverMajorityInterval)}, minus neighbour {report.GainOverNeighbour:+0.0000;-0.0000} {Range(report.GainOverNeighbourInterval)} (bootstrap 95%, {report.BootstrapResamples} resamples)");
        yield return report.NearDuplicateMinSimilarity is { } similarity
            ? FormattableString.Invariant($"near-duplicate rule: similarity at least {similarity:0.00}, {report.NearDuplicateFlagsCleared} flags cleared")
            : "near-duplicate rule: off";
        yield return "F1 per flag (model / majority / neighbour):";
        foreach ((string flag, double f1) in report.PerFlagF1)
        {
            yield return FormattableString.Invariant(
                $"  {flag}: {f1:0.0000} / {report.BaselineMajorityPerFlagF1[flag]:0.0000} / {report.BaselineNeighbourPerFlagF1[flag]:0.0000}");
        }

        yield return "Add --json for every figure, the per-flag AUCs included.";
    }

    /// <summary>The ranker evaluation in a few lines of text: the model's and the baselines' AUC and NDCG@10.</summary>
    internal static IEnumerable<string> RankerSummary(RankerReport report)
    {
        static string Metric(MetricInterval m) => FormattableString.Invariant($"{m.Value:0.000} [{m.Lower:0.000}, {m.Upper:0.000}]");

        static string Gain(MetricInterval m) =>
            FormattableString.Invariant($"{m.Value:+0.000;-0.000} [{m.Lower:+0.000;-0.000}, {m.Upper:+0.000;-0.000}]");

        yield return FormattableString.Invariant(
            $"{report.N} {report.Layout} reviews by {report.Authors} authors ({report.AuthorsSeenInTraining} seen in training), {report.DislikeRate * 100:0.0}% rated 3 or less; {report.Groups} profile groups.");
        yield return $"model: AUC {Metric(report.Auc)}, NDCG@10 {Metric(report.Ndcg10)} (random order {Metric(report.RandomNdcg10)})";
        yield return $"product-mean baseline: AUC {Metric(report.Baselines.ProductMean.Auc)}, NDCG@10 {Metric(report.Baselines.ProductMean.Ndcg10)}";
        yield return $"no-profile baseline: AUC {Metric(report.Baselines.NoProfile.Auc)}, NDCG@10 {Metric(report.Baselines.NoProfile.Ndcg10)}";
        yield return $"AUC gain over product mean {Gain(report.AucGainOverProductMean)}, over no profile {Gain(report.AucGainOverNoProfile)} (bootstrap 95%, {report.Resamples} resamples)";
        yield return "Add --json for every figure.";
    }

    private static readonly JsonSerializerOptions s_reportJson = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static T WithStatus<T>(CliOutput output, string title, Func<Action<string>, T> work) =>
        output.Console.Status().Start(title, context => work(message => context.Status(Markup.Escape(message))));

    private static void WriteResult<T>(CliOutput output, T report, string summary)
    {
        if (output.IsJson)
        {
            output.WriteJson(report);
        }
        else
        {
            output.WriteLine(summary);
        }
    }

    private static Option<DirectoryInfo> DataOption(string description) =>
        new("--data") { Description = description, HelpName = "DIR", Required = true };

    private static Option<FileInfo?> ModelOption(string name, string description, string defaultPath) =>
        new(name) { Description = $"{description} (default: {Path.GetRelativePath(SkinsightHome.Find(), defaultPath)}).", HelpName = "PATH" };

    private static Option<int> SeedOption() =>
        new("--seed")
        {
            Description = "Random seed; the same seed and data give the same model.",
            DefaultValueFactory = _ => 42,
            HelpName = "N",
        };

    private static Option<FileInfo?> CatalogOption() =>
        new("--catalog")
        {
            Description = "Product catalog joined to the reviews: Sephora product_info.csv, or an Olive Young ingredient table.",
            HelpName = "PATH",
        };

    private static string CatalogPath(ParseResult parseResult, Option<FileInfo?> option) =>
        parseResult.GetValue(option)?.FullName ?? "";

}
