using System.CommandLine;
using System.Globalization;
using Skinsight.Cli.Infrastructure;
using Skinsight.Vision;
using Skinsight.Vision.Acne;
using Skinsight.Vision.Lesions;

namespace Skinsight.Cli.Commands;

/// <summary><c>skinsight evaluate lesion-segmentation</c> and <c>skinsight evaluate acne</c>.</summary>
internal static class AnalysisEvaluateCommands
{
    public static Command CreateLesionSegmentation()
    {
        var data = DataOption("Folder laid out like ham10000-dermamnist: metadata.csv (image_file, mask_file), images, masks.");
        var split = SplitOption(LesionSegmentationEvaluation.SplitColumn);
        var command = new Command("lesion-segmentation", "Segment the lesion of each dermoscopy image and compare it with "
            + "its mask: mean Dice, mean Jaccard and n.")
        {
            data, split,
        };
        command.SetAction(parseResult =>
        {
            var output = CliOutput.For(parseResult);
            string folder = InputFiles.RequireFolder(parseResult.GetRequiredValue(data));
            var score = CliProgress.Run(output, "Segmenting lesions", task =>
                LesionSegmentationEvaluation.Evaluate(folder, parseResult.GetValue(split), progress: task.Counts()),
                counted: true);
            if (output.IsJson)
            {
                output.WriteJson(score);
            }
            else
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{score.N} images: mean Dice {score.MeanDice:0.000}, mean Jaccard {score.MeanJaccard:0.000} "
                    + $"(median {score.MedianJaccard:0.000}, thresholded at 0.65 {score.ThresholdedJaccard:0.000}), "
                    + $"{score.EmptyPredictions} without a lesion found, {score.MsPerImage:0.0} ms per image."));
            }

            return ExitCodes.Success;
        });
        return command;
    }

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
