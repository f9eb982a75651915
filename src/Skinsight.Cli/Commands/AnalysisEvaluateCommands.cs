using System.CommandLine;
using System.Globalization;
using Skinsight.Cli.Infrastructure;
using Skinsight.Core.Analysis;
using Skinsight.Learning;
using Skinsight.Learning.Acne;
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
        var detector = new Option<string?>("--detector")
        {
            Description = $"Which detector to score: '{LearnedDetector}', the learned lesion detector, graded by its "
                + $"count (Hayashi criterion), or '{ColourDetector}', the red-blob detector of the analysis (default: "
                + $"{LearnedDetector} when its model folder holds one, else {ColourDetector}).",
            HelpName = "NAME",
        };
        var model = new Option<DirectoryInfo?>("--model")
        {
            Description = "Folder of the learned lesion detector (default: models/acne-lesions).",
            HelpName = "PATH",
        };
        var command = new Command("acne", "Detect and grade acne on each photo and compare with the labels: severity "
            + "accuracy, recall per grade, lesion count MAE, box precision and recall at IoU 0.5, and n.")
        {
            data, split, detector, model,
        };
        command.SetAction(parseResult =>
        {
            var output = CliOutput.For(parseResult);
            string folder = InputFiles.RequireFolder(parseResult.GetRequiredValue(data));
            string modelDir = parseResult.GetValue(model)?.FullName
                ?? Path.Combine(SkinsightHome.Find(), "models", AcneGraderModel.LesionModelName);
            // A --model given without --detector selects the learned detector, whatever that folder contains.
            bool modelGiven = parseResult.GetResult(model) is { Implicit: false };
            string name = parseResult.GetValue(detector) ?? (modelGiven ? LearnedDetector : DefaultDetector(modelDir));
            if (name is not (LearnedDetector or ColourDetector))
            {
                throw new CliException($"--detector '{name}' is unknown; use {LearnedDetector} or {ColourDetector}.");
            }

            if (name == ColourDetector && parseResult.GetResult(model) is { Implicit: false })
            {
                throw new CliException($"--model applies only to --detector {LearnedDetector}; leave it out.");
            }

            AcneScore score;
            if (name == LearnedDetector)
            {
                if (!Directory.Exists(modelDir))
                {
                    throw new CliException($"the acne grader folder {modelDir} was not found; pass --model PATH, train one "
                        + $"with 'skinsight train acne --detector', or use --detector {ColourDetector}.");
                }

                if (AcneGraderCommands.ReadKind(modelDir) is { } kind && kind != AcneGraderKind.LesionCounting)
                {
                    throw new CliException($"--model {modelDir} contains a {kind} acne grader, which gives no lesion count. "
                        + "Pass a folder written by 'skinsight train acne --detector', such as models/acne-lesions.");
                }

                (_, AcneLesionDetector learned) = AcneGraderModel.LoadLesionCounting(modelDir);
                using (learned)
                {
                    score = CliProgress.Run(output, "Detecting acne", task => AcneEvaluation.Evaluate(
                        photo => ToDetection(learned, photo), folder, parseResult.GetValue(split),
                        AcneGrader.HayashiCutPoints, task.Counts()), counted: true);
                }
            }
            else
            {
                using var analyzer = new SkinAnalyzer();
                score = CliProgress.Run(output, "Detecting acne", task =>
                    AcneEvaluation.Evaluate(analyzer, folder, parseResult.GetValue(split), progress: task.Counts()),
                    counted: true);
            }

            if (output.IsJson)
            {
                output.WriteJson(new
                {
                    Detector = name,
                    score.SeverityAccuracy,
                    score.GradeRecall,
                    score.Confusion,
                    score.CountMae,
                    score.DetectionPrecision,
                    score.DetectionRecall,
                    score.N,
                    score.Rejected,
                });
            }
            else
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{score.N} photos, {name} detector: severity accuracy {score.SeverityAccuracy:0.000} (recall by grade "
                    + $"{string.Join(", ", score.GradeRecall.Select(p => $"{p.Key}: {p.Value:0.00}"))}), "
                    + $"count MAE {score.CountMae:0.00}, boxes at IoU 0.5: precision {score.DetectionPrecision:0.000}, "
                    + $"recall {score.DetectionRecall:0.000}; {score.Rejected} rejected by the quality gate."));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private const string LearnedDetector = "learned";
    private const string ColourDetector = "colour";

    private static string DefaultDetector(string modelDir) =>
        AcneLesionCounter.FindModelIn(modelDir) is null ? ColourDetector : LearnedDetector;

    /// <summary>Runs the learned detector on a photo's bytes; it has no quality gate, so every photo counts as accepted.</summary>
    private static AcneDetection ToDetection(AcneLesionDetector detector, byte[] photo)
    {
        AcneLesionResult result = detector.Detect(photo);
        var boxes = result.Lesions.Select(l => new LesionBox(l.X, l.Y, l.Width, l.Height, Math.Round(l.Score, 3))).ToList();
        return new AcneDetection(AnalysisMode.Face, true, boxes, result.Grade, result.Count);
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
