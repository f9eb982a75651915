using System.CommandLine;
using System.Globalization;
using Skinsight.Cli.Infrastructure;
using Skinsight.Vision;
using Skinsight.Vision.Acne;

namespace Skinsight.Cli.Commands;

/// <summary><c>skinsight evaluate acne</c>.</summary>
internal static class AnalysisEvaluateCommands
{
    public static Command CreateAcne()
    {
        var data = DataOption("Folder laid out like acne04-roboflow: labels.csv (image_file, annotation_file, "
            + "severity_level, n_lesions), images, Pascal VOC annotations.");
        var split = SplitOption(AcneEvaluation.SplitColumn);
        var command = new Command("acne", "Detect and grade acne on each photo and compare with the labels: severity "
            + "accuracy, recall per grade, lesion count MAE, box precision and recall at IoU 0.5, and n.")
        {
            data, split,
        };
        command.SetAction(parseResult =>
        {
            var output = CliOutput.For(parseResult);
            string folder = InputFiles.RequireFolder(parseResult.GetRequiredValue(data));
            using var analyzer = new SkinAnalyzer();
            var score = CliProgress.Run(output, "Detecting acne", task =>
                AcneEvaluation.Evaluate(analyzer, folder, parseResult.GetValue(split), progress: task.Counts()),
                counted: true);
            if (output.IsJson)
            {
                output.WriteJson(score);
            }
            else
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{score.N} photos: severity accuracy {score.SeverityAccuracy:0.000} (recall by grade "
                    + $"{string.Join(", ", score.GradeRecall.Select(p => $"{p.Key}: {p.Value:0.00}"))}), "
                    + $"count MAE {score.CountMae:0.00}, boxes at IoU 0.5: precision {score.DetectionPrecision:0.000}, "
                    + $"recall {score.DetectionRecall:0.000}; {score.Rejected} rejected by the quality gate."));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Option<DirectoryInfo> DataOption(string description) =>
        new("--data") { Description = description, HelpName = "DIR", Required = true };

    private static Option<string?> SplitOption(string column) =>
        new("--split")
        {
            Description = $"Score only the rows whose {column} equals this (default: every row).",
            HelpName = "NAME",
        };
}
