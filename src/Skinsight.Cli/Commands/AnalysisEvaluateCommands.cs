using System.CommandLine;
using System.Globalization;
using SkiaSharp;
using Skinsight.Cli.Infrastructure;
using Skinsight.Core.Analysis;
using Skinsight.Learning;
using Skinsight.Learning.Acne;
using Skinsight.Learning.Data;
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
        split.Description += " The learned acne models split the rows by a hash of source_image instead (see evaluate "
            + "acne-grade --split), and tools/learning/acne-split-folder.cs writes the rows of one of those splits into a "
            + "folder that this command reads.";
        var detector = new Option<string?>("--detector")
        {
            Description = $"Which detector to score: '{LearnedDetector}', the learned lesion detector, graded by its "
                + $"count (Hayashi criterion) fused with the photo grader's probabilities (see --grader), or "
                + $"'{ColourDetector}', the red-blob detector of the analysis (default: "
                + $"{LearnedDetector} when its model folder holds one, else {ColourDetector}).",
            HelpName = "NAME",
        };
        var model = new Option<DirectoryInfo?>("--model")
        {
            Description = "Folder of the learned lesion detector (default: models/acne-lesions).",
            HelpName = "PATH",
        };
        var grader = new Option<string?>("--grader")
        {
            Description = $"Folder of the fine-tuned acne grader whose probabilities the learned detector's grades fuse "
                + $"with its counts, as 'analyze' does (default: models/acne-grader when it contains one), or '{NoGrader}' to "
                + "grade by the count alone.",
            HelpName = "PATH",
        };
        var command = new Command("acne", "Detect and grade acne on each photo and compare with the labels: severity "
            + "accuracy, recall per grade, lesion count MAE, box precision and recall at IoU 0.5, and n.")
        {
            data, split, detector, model, grader,
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

            string? graderValue = parseResult.GetValue(grader);
            if (name == ColourDetector && graderValue is not null)
            {
                throw new CliException($"--grader applies only to --detector {LearnedDetector}; leave it out.");
            }

            string gradedBy = AcneLesionCount.GradedByCount;
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

                (AcneGraderInfo info, AcneLesionDetector learned) = AcneGraderModel.LoadLesionCounting(modelDir);
                string? graderDir = FindGrader(graderValue, info, modelDir);
                using (learned)
                using (AcnePhotoGrader? photoGrader = graderDir is null ? null : new AcnePhotoGrader(graderDir))
                {
                    double? spread = photoGrader is null ? null : info.LesionCounting!.ValidationLogCountSpread;
                    gradedBy = spread is null ? AcneLesionCount.GradedByCount : AcneLesionCount.GradedByCountAndPhoto;
                    score = CliProgress.Run(output, "Detecting acne", task => AcneEvaluation.Evaluate(
                        photo => ToDetection(learned, photoGrader, spread, photo), folder, parseResult.GetValue(split),
                        AcneGrader.HayashiCutPoints, task.Counts(), ownGrades: spread is not null), counted: true);
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
                    GradedBy = gradedBy,
                    score.SeverityAccuracy,
                    score.CountSeverityAccuracy,
                    score.GradeRecall,
                    score.Confusion,
                    score.CountMae,
                    score.DetectorCountMae,
                    score.DetectionPrecision,
                    score.DetectionRecall,
                    score.N,
                    score.Rejected,
                });
            }
            else
            {
                string byCount = score.CountSeverityAccuracy is double countAccuracy
                    ? string.Create(CultureInfo.InvariantCulture, $", {countAccuracy:0.000} by the count alone")
                    : "";
                string detectorCount = score.DetectorCountMae is double detectorMae
                    ? string.Create(CultureInfo.InvariantCulture, $" ({detectorMae:0.00} before the counts were moved into the fused grade's band)")
                    : "";
                string rejectedNote = name == ColourDetector
                    ? string.Create(CultureInfo.InvariantCulture, $"; {score.Rejected} rejected by the quality gate and scored anyway")
                    : "";
                string gradedFrom = gradedBy == AcneLesionCount.GradedByCountAndPhoto ? "the count and the photo grader" : "the count";
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{score.N} photos, {name} detector, graded from {gradedFrom}: severity accuracy {score.SeverityAccuracy:0.000}{byCount}; recall by grade "
                    + $"{string.Join(", ", score.GradeRecall.Select(p => $"{p.Key}: {p.Value:0.00}"))}; "
                    + $"count MAE {score.CountMae:0.00}{detectorCount}; boxes at IoU 0.5: precision {score.DetectionPrecision:0.000}, "
                    + $"recall {score.DetectionRecall:0.000}{rejectedNote}."));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private const string LearnedDetector = "learned";
    private const string ColourDetector = "colour";
    private const string NoGrader = "none";

    /// <summary>
    /// Returns the folder of the fine-tuned grader to fuse with the detector's counts: the one given with --grader,
    /// else models/acne-grader when it contains one; null for <see cref="NoGrader"/>, or when there is none by default.
    /// </summary>
    /// <exception cref="CliException">
    /// The given folder contains no fine-tuned grader, or the detector records no count spread to fuse with.
    /// </exception>
    private static string? FindGrader(string? value, AcneGraderInfo detectorInfo, string detectorDir)
    {
        if (value == NoGrader)
        {
            return null;
        }

        if (value is null)
        {
            string? shipped = AcnePhotoGrader.FindModelIn(
                Path.Combine(SkinsightHome.Find(), "models", AcneGraderModel.DefaultModelName));
            return detectorInfo.LesionCounting!.ValidationLogCountSpread is null ? null : shipped;
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            throw new CliException($"--grader is empty; pass the folder of a fine-tuned acne grader, or '{NoGrader}'.");
        }

        string folder = Path.GetFullPath(value);
        if (!Directory.Exists(folder))
        {
            throw new CliException($"--grader {value} was not found; pass the folder of a fine-tuned acne grader, such "
                + $"as models/acne-grader, or '{NoGrader}' to grade by the count alone.");
        }

        if (AcnePhotoGrader.FindModelIn(folder) is null)
        {
            throw new CliException($"--grader {value} contains no fine-tuned acne grader; pass a folder written by "
                + $"'skinsight train acne --fine-tune', such as models/acne-grader, or '{NoGrader}' to grade by the count alone.");
        }

        if (detectorInfo.LesionCounting!.ValidationLogCountSpread is null)
        {
            throw new CliException($"the detector in {detectorDir} does not record the spread of its count errors "
                + $"(validationLogCountSpread), which fusing needs; train it again or pass --grader {NoGrader}.");
        }

        return folder;
    }

    private static string DefaultDetector(string modelDir) =>
        AcneLesionCounter.FindModelIn(modelDir) is null ? ColourDetector : LearnedDetector;

    /// <summary>
    /// Runs the learned detector on a photo's bytes, and grades it with <paramref name="grader"/> and the count together
    /// when both it and <paramref name="logCountSpread"/> are given. The detector has no quality gate, so every photo
    /// counts as accepted.
    /// </summary>
    /// <exception cref="Skinsight.Learning.InvalidImageException">The bytes cannot be decoded.</exception>
    private static AcneDetection ToDetection(
        AcneLesionDetector detector, AcnePhotoGrader? grader, double? logCountSpread, byte[] photo)
    {
        using SKBitmap bitmap = UprightDecoding.Decode(photo, AcneLesionDetector.MaxDecodedSide)
            ?? throw new Skinsight.Learning.InvalidImageException("The photo could not be decoded; use a JPEG, PNG or WebP file.");
        AcneLesionResult result = detector.Detect(bitmap);
        var boxes = result.Lesions.Select(l => new LesionBox(l.X, l.Y, l.Width, l.Height, Math.Round(l.Score, 3))).ToList();
        if (grader is null || logCountSpread is not double spread)
        {
            return new AcneDetection(AnalysisMode.Face, true, boxes, result.Grade, result.Count);
        }

        // As analyze reports it: the fused grade, and the count moved into that grade's band.
        int grade = AcneGradeFusion.Grade(AcneGradeFusion.Fuse(grader.Probabilities(bitmap), result.Count, spread));
        return new AcneDetection(
            AnalysisMode.Face, true, boxes, grade, AcneGradeFusion.CountInGrade(result.Count, grade), result.Count);
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
