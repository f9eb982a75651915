using System.CommandLine;
using System.Globalization;
using Skinsight.Cli.Infrastructure;
using Skinsight.Learning;
using Skinsight.Learning.Acne;
using Skinsight.Learning.Condition;
using Skinsight.Learning.Training;
using Skinsight.Vision;
using Skinsight.Vision.Acne;

namespace Skinsight.Cli.Commands;

/// <summary><c>skinsight train acne</c> and <c>skinsight evaluate acne-grade</c>.</summary>
internal static class AcneGraderCommands
{
    private const string DataDescription = "Folder laid out like acne04-roboflow: labels.csv (image_file, "
        + "annotation_file, source_image, severity_level, n_lesions), images, Pascal VOC annotations.";

    private const int DetectorEpochs = 20;
    private const int DetectorInputSize = 640;

    private static string DefaultModelDirectory =>
        Path.Combine(SkinsightHome.Find(), "models", AcneGraderModel.DefaultModelName);

    private static string DefaultLesionModelDirectory =>
        Path.Combine(SkinsightHome.Find(), "models", AcneGraderModel.LesionModelName);

    public static Command CreateTrain()
    {
        var data = DataOption();
        var outPath = new Option<DirectoryInfo?>("--out")
        {
            Description = "Model folder to write (default: models/acne-grader, with --detector models/acne-lesions).",
            HelpName = "PATH",
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Random seed; the same seed and features give the same model.",
            DefaultValueFactory = _ => 1,
            HelpName = "N",
        };
        var cache = CacheOption();
        var fineTune = new Option<bool>("--fine-tune")
        {
            Description = "Fine-tune the whole ImageNet ResNet-18 with a 4-grade head instead of fitting a head on frozen "
                + "features (about 2.8 minutes an epoch at 320 px on 2 cores). A checkpoint is kept in the model folder "
                + "after every epoch; running the same command again resumes an interrupted run.",
        };
        var epochs = new Option<int>("--epochs")
        {
            Description = $"With --fine-tune or --detector: training epochs (default: 8, with --detector {DetectorEpochs}).",
            DefaultValueFactory = _ => 8,
            HelpName = "N",
        };
        var inputSize = new Option<int>("--input-size")
        {
            Description = $"With --fine-tune or --detector: side in pixels that each photo is scaled to, a multiple of 32 from 64 to 640 (default: 320, with --detector {DetectorInputSize}).",
            DefaultValueFactory = _ => 320,
            HelpName = "PIXELS",
        };
        var flipAverage = new Option<bool>("--flip-average")
        {
            Description = "With --fine-tune: average each photo's probabilities over it and its 3 flipped copies (4 "
                + "passes), when choosing the epoch on val and in the saved model. With --detector: average the maps "
                + "of each photo and its mirror image in the saved model.",
        };
        var views = LearningCommands.ViewsOption("flips with --flip-average, else single");
        var detector = new Option<bool>("--detector")
        {
            Description = "Train a lesion detector on the annotated boxes instead, and grade each photo by its lesion "
                + $"count (Hayashi criterion); --epochs defaults to {DetectorEpochs}, --input-size to {DetectorInputSize}, "
                + "and --flip-average averages each photo with its mirror image (about 1.8 minutes an epoch on 2 cores).",
        };
        var command = new Command("acne", "Train the learned acne severity grader: by default a logistic regression "
            + "on ImageNet ResNet-18 features of each photo and its tiles, with --fine-tune the whole network, with "
            + "--detector a lesion detector whose count gives the grade; choices are made on the val split and test "
            + "metrics recorded once.")
        {
            data, outPath, seed, cache, fineTune, detector, epochs, inputSize, flipAverage, views,
        };
        command.SetAction(parseResult =>
        {
            var output = CliOutput.For(parseResult);
            bool fineTuning = parseResult.GetValue(fineTune);
            bool counting = parseResult.GetValue(detector);
            bool Given(Option option) => parseResult.GetResult(option) is { Implicit: false };
            int epochCount = counting && !Given(epochs) ? DetectorEpochs : parseResult.GetValue(epochs);
            int side = counting && !Given(inputSize) ? DetectorInputSize : parseResult.GetValue(inputSize);
            bool flips = parseResult.GetValue(flipAverage);
            if (fineTuning && counting)
            {
                throw new CliException("--fine-tune and --detector train different graders; give one of them.");
            }

            if (!fineTuning && parseResult.GetValue(views) is { } viewsGiven)
            {
                throw new CliException(counting
                    ? $"--views {viewsGiven} needs --fine-tune; the detector averages with its mirror image through --flip-average."
                    : $"--views {viewsGiven} needs --fine-tune; the other graders predict in one pass.");
            }

            if (!fineTuning && !counting)
            {
                RequireFineTuneFor(parseResult, epochs, inputSize, flipAverage);
            }
            else if (parseResult.GetValue(cache) is { } cacheFile)
            {
                throw new CliException($"--feature-cache {cacheFile.FullName} applies only without --fine-tune or "
                    + "--detector, which extract no features; leave it out.");
            }

            if (epochCount < 1)
            {
                throw new CliException($"--epochs {epochCount} is out of range; give 1 or more.");
            }

            if (side is < 64 or > 640 || side % 32 != 0)
            {
                throw new CliException(
                    $"--input-size {side} is not supported; give a multiple of 32 from 64 to 640, such as 224 or 320.");
            }

            string dataDir = InputFiles.RequireFolder(parseResult.GetRequiredValue(data));
            string target = parseResult.GetValue(outPath)?.FullName
                ?? (counting ? DefaultLesionModelDirectory : DefaultModelDirectory);
            string cachePath = parseResult.GetValue(cache)?.FullName ?? AcneFeatureCache.DefaultPath(dataDir);
            int seedValue = parseResult.GetValue(seed);
            RequireSameKind(target, counting);
            string checkpoint = Path.Combine(target, AcneGraderTraining.CheckpointFolderName);
            if ((fineTuning || counting) && ModelFolder.HasFinishedEpoch(checkpoint))
            {
                // On stderr, so a JSON result on stdout stays parseable.
                output.Error.WriteLine($"Resuming from the checkpoint in {checkpoint}.");
            }

            using InterruptNotice? notice = fineTuning || counting ? InterruptNotice.ForCheckpoint(output.Error, checkpoint) : null;
            AcneGraderInfo info = counting
                ? CliProgress.Run(output, "Training the lesion detector", task => AcneGraderTraining.TrainLesionCounting(
                    dataDir, target, DetectorOptions(epochCount, seedValue, side),
                    flips, Stages(task)), counted: true)
                : fineTuning
                ? CliProgress.Run(output, "Fine-tuning", task => AcneGraderTraining.FineTune(
                    dataDir, target, new AcneFineTuningOptions(side, epochCount, seedValue, flips,
                        parseResult.GetValue(views) is { } name ? ImageViews.Parse(name, side) : null), Stages(task)), counted: true)
                : CliProgress.Run(output, "Extracting features", task =>
                    AcneGraderTraining.Train(dataDir, target, seedValue, cachePath, Stages(task)), counted: true);
            if (output.IsJson)
            {
                output.WriteJson(info);
            }
            else if (info.LesionCounting is { } lesions)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Saved {target}: val accuracy {info.Validation.SeverityAccuracy:0.000} and count error "
                    + $"{lesions.ValidationCountMae:0.00} (n {info.Validation.N}), test accuracy "
                    + $"{info.Test.SeverityAccuracy:0.000} and count error {lesions.TestCountMae:0.00} (n {info.Test.N}); "
                    + $"epoch {info.BestEpoch} of {lesions.Options.Epochs}, {info.TrainingSeconds / 60:0.0} min."));
            }
            else if (info.Kind == AcneGraderKind.FineTuned)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Saved {target}: val accuracy {info.Validation.SeverityAccuracy:0.000} (n {info.Validation.N}), "
                    + $"test accuracy {info.Test.SeverityAccuracy:0.000} (n {info.Test.N}); epoch {info.BestEpoch} of "
                    + $"{info.FineTuning!.Epochs} at {info.FineTuning.InputSize} px, {info.TrainingSeconds / 60:0.0} min."));
            }
            else
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Saved {target}: val accuracy {info.Validation.SeverityAccuracy:0.000} (n {info.Validation.N}), "
                    + $"test accuracy {info.Test.SeverityAccuracy:0.000} (n {info.Test.N}); class weight power "
                    + $"{info.Options!.ClassWeightPower}, weight decay {info.Options.WeightDecay}, {info.Options.Epochs} epochs."));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    public static Command CreateEvaluate()
    {
        var data = DataOption();
        var split = new Option<string?>("--split")
        {
            Description = "Score only the rows of this split of the source_image hash rule: train, val or test "
                + "(default: every row).",
            HelpName = "NAME",
        };
        var model = new Option<DirectoryInfo?>("--model")
        {
            Description = "Model folder (default: models/acne-grader).",
            HelpName = "PATH",
        };
        var cache = CacheOption();
        var command = new Command("acne-grade", "Grade acne severity with the learned grader, with the lesion "
            + "counting grader of the analysis and, when models/acne-lesions holds one, with the learned lesion "
            + "detector, on the same photos: severity accuracy, recall per grade, confusion matrix and n of each.")
        {
            data, split, model, cache,
        };
        command.SetAction(parseResult =>
        {
            var output = CliOutput.For(parseResult);
            string dataDir = InputFiles.RequireFolder(parseResult.GetRequiredValue(data));
            string? splitName = parseResult.GetValue(split);
            if (splitName is not null && !AcneSplit.Names.Contains(splitName))
            {
                throw new CliException($"--split '{splitName}' is unknown; use {string.Join(", ", AcneSplit.Names)}, "
                    + "or leave it out to score every row.");
            }

            string modelDir = parseResult.GetValue(model)?.FullName ?? DefaultModelDirectory;
            if (!Directory.Exists(modelDir))
            {
                throw new CliException($"the acne grader folder {modelDir} was not found; pass --model PATH or train "
                    + "one with 'skinsight train acne'.");
            }

            string cachePath = parseResult.GetValue(cache)?.FullName ?? AcneFeatureCache.DefaultPath(dataDir);
            AcneGraderEvaluation learned = CliProgress.Run(output, "Extracting features", task =>
                AcneGraderTraining.Evaluate(dataDir, splitName, modelDir, cachePath, Stages(task)),
                counted: true);

            using var analyzer = new SkinAnalyzer();
            var imageFiles = learned.Photos.Select(p => p.ImageFile).ToHashSet(StringComparer.Ordinal);
            AcneScore counting = CliProgress.Run(output, "Counting lesions", task =>
                AcneEvaluation.Evaluate(analyzer, dataDir, imageFiles, task.Counts()),
                counted: true);

            // The shipped lesion detector grades by its count; it is scored beside a grader of another kind.
            string lesionDir = DefaultLesionModelDirectory;
            AcneGradeMetrics? detector = null;
            if (Path.GetFullPath(lesionDir) != Path.GetFullPath(modelDir)
                && AcneLesionCounter.FindModelIn(lesionDir) is { } lesionModel)
            {
                detector = CliProgress.Run(output, "Counting lesions with the learned detector", task =>
                    AcneGraderTraining.Evaluate(dataDir, splitName, lesionModel, null, Stages(task)), counted: true).Metrics;
            }

            AcneGradeMetrics m = learned.Metrics;
            if (output.IsJson)
            {
                output.WriteJson(new
                {
                    learned.Split,
                    m.SeverityAccuracy,
                    m.GradeRecall,
                    m.Confusion,
                    m.MeanAbsoluteGradeError,
                    m.N,
                    CountingGrader = new
                    {
                        counting.SeverityAccuracy,
                        counting.GradeRecall,
                        counting.Confusion,
                        counting.N,
                    },
                    LesionDetectorGrader = detector,
                });
            }
            else
            {
                string detectorText = detector is null
                    ? ""
                    : string.Create(CultureInfo.InvariantCulture, $"; learned lesion detector accuracy "
                        + $"{detector.SeverityAccuracy:0.000} (recall by grade {FormatRecall(detector.GradeRecall)})");
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Split {learned.Split}, {m.N} {(m.N == 1 ? "photo" : "photos")}: learned grader accuracy {m.SeverityAccuracy:0.000} "
                    + $"(recall by grade {FormatRecall(m.GradeRecall)}); counting grader accuracy "
                    + $"{counting.SeverityAccuracy:0.000} (recall by grade {FormatRecall(counting.GradeRecall)})")
                    + detectorText + ".");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// Returns the kind of the acne model in <paramref name="directory"/>, or null when it has no readable
    /// acne-grader.json.
    /// </summary>
    internal static AcneGraderKind? ReadKind(string directory)
    {
        if (!File.Exists(Path.Combine(directory, AcneGraderModel.InfoFileName)))
        {
            return null;
        }

        try
        {
            return AcneGraderModel.ReadInfo(directory).Kind;
        }
        catch (ModelFormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// Rejects an --out folder that contains the other kind of acne model. The severity graders and the lesion detector
    /// both write acne-grader.json, so the training run's own check cannot tell them apart and would overwrite it.
    /// </summary>
    private static void RequireSameKind(string target, bool counting)
    {
        if (ReadKind(target) is not { } kind || (kind == AcneGraderKind.LesionCounting) == counting)
        {
            return;
        }

        string trained = counting ? $"a {AcneGraderKind.LesionCounting} model" : "a severity grader";
        throw new CliException($"--out {target} contains a {kind} acne model, and this run trains {trained}, which would "
            + "overwrite it. Pass a new folder to --out.");
    }

    /// <summary>
    /// The lesion-detector settings for the command line. The crop side is capped at the input side, because the
    /// default crop (320 px) does not fit in a smaller input.
    /// </summary>
    internal static AcneLesionTrainingOptions DetectorOptions(int epochs, int seed, int inputSize)
    {
        var defaults = new AcneLesionTrainingOptions();
        return defaults with
        {
            Epochs = epochs,
            Seed = seed,
            InputSize = inputSize,
            CropSize = Math.Min(inputSize, defaults.CropSize),
        };
    }

    /// <summary>Rejects the fine-tuning options given without <c>--fine-tune</c>, naming each with its value.</summary>
    private static void RequireFineTuneFor(ParseResult parseResult, params Option[] fineTuningOptions)
    {
        var optionsGiven = new List<string>();
        foreach (Option option in fineTuningOptions)
        {
            if (parseResult.GetResult(option) is { Implicit: false } result)
            {
                optionsGiven.Add(string.Join(' ', result.Tokens.Select(t => t.Value).Prepend(option.Name)));
            }
        }

        if (optionsGiven.Count > 0)
        {
            string verb = optionsGiven.Count == 1 ? "applies" : "apply";
            throw new CliException($"{string.Join(", ", optionsGiven)} only {verb} with --fine-tune or --detector; add one or leave "
                + (optionsGiven.Count == 1 ? "it" : "them") + " out.");
        }
    }

    private static string FormatRecall(IReadOnlyDictionary<string, double> recall) =>
        string.Join(", ", recall.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}: {p.Value:0.00}")));

    private static IProgress<AcneTrainingProgress>? Stages(Spectre.Console.ProgressTask? task) =>
        task is null
            ? null
            : new InlineProgress<AcneTrainingProgress>(p =>
            {
                task.Describe(p.Stage);
                task.Report(p.Done, p.Total);
            });

    private static Option<DirectoryInfo> DataOption() =>
        new("--data") { Description = DataDescription, HelpName = "DIR", Required = true };

    private static Option<FileInfo?> CacheOption() =>
        new("--feature-cache")
        {
            Description = "File that caches the photo features, so a second run skips the network (default: a file "
                + "named by the data folder under the user's local application data folder).",
            HelpName = "FILE",
        };
}
