using System.CommandLine;
using System.Globalization;
using Skinsight.Cli.Infrastructure;
using Skinsight.Learning.Segmentation;
using Skinsight.Vision.Lesions;

namespace Skinsight.Cli.Commands;

/// <summary><c>skinsight train lesion-segmentation</c> and <c>skinsight evaluate lesion-segmentation</c>.</summary>
internal static class LesionSegmentationCommands
{
    private const string Learned = "learned";
    private const string Classical = "classical";

    private static string DefaultModelDirectory =>
        Path.Combine(SkinsightHome.Find(), "models", LearnedLesionSegmenter.DefaultModelName);

    public static Command CreateTrain()
    {
        var data = DataOption();
        var outPath = new Option<DirectoryInfo?>("--out")
        {
            Description = "Model folder to write (default: models/lesion-segmenter); training resumes when it "
                + "contains an unfinished run with the same options.",
            HelpName = "PATH",
        };
        var defaults = new LesionSegmenterTrainingOptions();
        var epochs = new Option<int>("--epochs")
        {
            Description = "Total epochs; the learning rate decays to 0 at the last one.",
            DefaultValueFactory = _ => defaults.Epochs,
            HelpName = "N",
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Random seed; the same seed gives the same model.",
            DefaultValueFactory = _ => defaults.Seed,
            HelpName = "N",
        };
        var width = new Option<int>("--width")
        {
            Description = "Channels of the U-Net's first level; deeper levels have 2, 4 and 8 times as many.",
            DefaultValueFactory = _ => defaults.Width,
            HelpName = "N",
        };
        var command = new Command("lesion-segmentation", "Train the lesion U-Net from scratch on downscaled "
            + "dermoscopy images and their masks (train split; the epoch kept is chosen on val).")
        {
            data, outPath, epochs, seed, width,
        };
        command.SetAction(parseResult =>
        {
            var output = CliOutput.For(parseResult);
            string dataDir = InputFiles.RequireFolder(parseResult.GetRequiredValue(data));
            string target = parseResult.GetValue(outPath)?.FullName ?? DefaultModelDirectory;
            int epochCount = parseResult.GetValue(epochs);
            if (epochCount < 1)
            {
                throw new CliException($"--epochs {epochCount} is out of range; give 1 or more.");
            }

            int channels = parseResult.GetValue(width);
            if (channels < 4)
            {
                throw new CliException($"--width {channels} is out of range; give 4 or more.");
            }

            var options = defaults with
            {
                Epochs = epochCount,
                Seed = parseResult.GetValue(seed),
                Width = channels,
            };
            LesionSegmenterInfo info = EpochProgress.Run<LesionSegmenterProgress, LesionSegmenterInfo>(
                output, "Loading images", epochCount,
                p =>
                {
                    string validation = p.ValidationJaccard is { } jaccard
                        ? string.Create(CultureInfo.InvariantCulture, $" val Jaccard {jaccard:0.000}")
                        : "";
                    return (EpochProgress.Done(p.Epoch, p.Batch, p.Batches), string.Create(CultureInfo.InvariantCulture,
                        $"Epoch {p.Epoch}/{p.Epochs} batch {p.Batch}/{p.Batches} loss {p.TrainLoss:0.000}{validation}"));
                },
                reporter => LesionSegmentationTraining.Train(dataDir, target, options, reporter));

            if (output.IsJson)
            {
                output.WriteJson(info);
            }
            else
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Saved {target}: val mean Jaccard {info.ValidationJaccard:0.000} (epoch {info.BestEpoch}), "
                    + $"trained in {info.TrainingSeconds / 60:0.0} min."));
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
            Description = $"Score only the rows whose {LesionSegmentationEvaluation.SplitColumn} equals this "
                + "(default: every row).",
            HelpName = "NAME",
        };
        var model = new Option<DirectoryInfo?>("--model")
        {
            Description = "Learned model folder (default: models/lesion-segmenter).",
            HelpName = "PATH",
        };
        var method = new Option<string>("--method")
        {
            Description = $"'{Learned}' (the U-Net; the default when its model folder exists) or '{Classical}' "
                + "(threshold and morphology).",
            HelpName = "NAME",
        };
        method.AcceptOnlyFromAmong(Learned, Classical);
        var command = new Command("lesion-segmentation", "Segment the lesion of each dermoscopy image and compare it with "
            + "its mask: mean Dice, mean Jaccard and n.")
        {
            data, split, model, method,
        };
        command.SetAction(parseResult =>
        {
            var output = CliOutput.For(parseResult);
            string folder = InputFiles.RequireFolder(parseResult.GetRequiredValue(data));
            var (chosen, modelDir, note) = ChooseMethod(parseResult.GetValue(method), parseResult.GetValue(model));
            using var learned = chosen == Learned ? new LearnedLesionSegmenter(modelDir!) : null;
            Func<OpenCvSharp.Mat, OpenCvSharp.Mat> segment = learned is null
                ? image => LesionSegmenter.Segment(image)
                : learned.Segment;
            var score = CliProgress.Run(output, "Segmenting lesions", task =>
                LesionSegmentationEvaluation.Evaluate(folder, segment, parseResult.GetValue(split),
                    progress: task.Counts()),
                counted: true);
            // Written after scoring, so an invalid data folder still gives a one-line error.
            if (note is not null)
            {
                output.Error.WriteLine(note);
            }

            if (output.IsJson)
            {
                output.WriteJson(new
                {
                    score.MeanDice,
                    score.MeanJaccard,
                    score.MedianJaccard,
                    score.ThresholdedJaccard,
                    score.EmptyPredictions,
                    score.N,
                    score.MsPerImage,
                    Method = chosen,
                    Model = modelDir,
                    Note = note,
                });
            }
            else
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{score.N} images ({chosen}): mean Dice {score.MeanDice:0.000}, mean Jaccard "
                    + $"{score.MeanJaccard:0.000} (median {score.MedianJaccard:0.000}, thresholded at 0.65 "
                    + $"{score.ThresholdedJaccard:0.000}), {score.EmptyPredictions} without a lesion found, "
                    + $"{score.MsPerImage:0.0} ms per image."));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// Picks the method: the one asked for, or the learned model when no method is given and the model folder exists,
    /// falling back to the classical segmenter with a note when it does not.
    /// </summary>
    private static (string Method, string? ModelDir, string? Note) ChooseMethod(string? method, DirectoryInfo? model)
    {
        if (method == Classical)
        {
            return (Classical, null, null);
        }

        string? modelDir = model?.FullName ?? LearnedLesionSegmenter.FindDefaultModelDirectory();
        bool present = modelDir is not null && LearnedLesionSegmenter.IsModelDirectory(modelDir);
        if (present)
        {
            return (Learned, modelDir, null);
        }

        if (method == Learned || model is not null)
        {
            throw new CliException($"no lesion segmenter model found in {modelDir ?? DefaultModelDirectory}; pass "
                + "--model PATH, train one with 'skinsight train lesion-segmentation', or use --method classical.");
        }

        return (Classical, null, "note: no lesion segmenter model found (models/lesion-segmenter); scoring the "
            + "classical segmenter instead.");
    }

    private static Option<DirectoryInfo> DataOption() =>
        new("--data")
        {
            Description = "Folder laid out like ham10000-dermamnist: metadata.csv (image_file, mask_file, "
                + "dermamnist_split), images, masks.",
            HelpName = "DIR",
            Required = true,
        };
}
