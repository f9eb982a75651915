using System.CommandLine;
using System.Globalization;
using Skinsight.Cli.Infrastructure;
using Skinsight.Learning;
using Skinsight.Learning.Condition;
using Skinsight.Learning.Evaluation;
using Skinsight.Learning.Training;

namespace Skinsight.Cli.Commands;

/// <summary><c>skinsight train condition</c> and <c>skinsight evaluate condition</c>.</summary>
internal static class LearningCommands
{
    private const string CheckpointFolderName = "checkpoint";

    public static Command CreateTrain() =>
        new("train", "Train a learned model on a data folder; progress is shown while it runs.")
        {
            CreateTrainCondition(),
            AgeCommands.CreateTrain(),
            LesionSegmentationCommands.CreateTrain(),
            AcneGraderCommands.CreateTrain(),
            RankingCommands.CreateTrainSuitability(),
            RankingCommands.CreateTrainRanker(),
            SkinPixelCommands.CreateTrain(),
        };

    private static Command CreateTrainCondition()
    {
        var data = DataOption("HAM10000 folder with metadata.csv (dermamnist_split column), images/ and masks/.");
        var outPath = new Option<DirectoryInfo?>("--out")
        {
            Description = "Model folder to write (default: models/condition-classifier).",
            HelpName = "PATH",
        };
        var epochs = new Option<int>("--epochs")
        {
            Description = "Training epochs.",
            DefaultValueFactory = _ => 60,
            HelpName = "N",
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Random seed; the same seed gives the same model.",
            DefaultValueFactory = _ => 1,
            HelpName = "N",
        };
        var fineTune = new Option<bool>("--fine-tune")
        {
            Description = "Fine-tune the whole ResNet-18 instead of training a head on frozen features (about 40 minutes "
                + "for 10 epochs at 128 px on 2 cores). A checkpoint is kept in the model folder after every epoch; "
                + "running the same command again resumes an interrupted run.",
        };
        var inputSize = new Option<int>("--input-size")
        {
            Description = "Side in pixels that images are scaled to, a multiple of 32 from 64 to 224. Smaller sides make "
                + "fine-tuning fit on a CPU: 128 takes about 4 minutes an epoch on 2 cores.",
            DefaultValueFactory = _ => 224,
            HelpName = "PIXELS",
        };
        var views = ViewsOption("single");

        // Kept only to point scripts written before --views at the option that replaced it.
        var flipAverage = new Option<bool>("--flip-average") { Hidden = true };
        var cache = new Option<DirectoryInfo?>("--feature-cache")
        {
            Description = "Folder to cache frozen-backbone features in, so a second run skips extraction.",
            HelpName = "DIR",
        };
        var classWeightPower = new Option<double>("--class-weight-power")
        {
            Description = "With --fine-tune: the loss weighs each class by (n / (7 n_class)) to this power, from 0 (no "
                + "weighting, favours accuracy) to 1 (inverse frequency, favours balanced accuracy).",
            DefaultValueFactory = _ => 0.5,
            HelpName = "POWER",
        }.PointDecimal();

        var command = new Command("condition", "Train the 7-class skin-condition classifier (HAM10000, DermaMNIST split) "
            + "from the ImageNet ResNet-18.")
        {
            data, outPath, epochs, seed, fineTune, inputSize, views, flipAverage, cache, classWeightPower,
        };
        command.SetAction(parseResult =>
        {
            var output = CliOutput.For(parseResult);
            string dataDir = InputFiles.RequireFolder(parseResult.GetRequiredValue(data));
            string target = parseResult.GetValue(outPath)?.FullName
                ?? Path.Combine(SkinsightHome.Find(), "models", "condition-classifier");
            int epochCount = parseResult.GetValue(epochs);
            if (epochCount < 1)
            {
                throw new CliException($"--epochs {epochCount} is out of range; give 1 or more.");
            }

            int side = parseResult.GetValue(inputSize);
            if (side is < 64 or > 224 || side % 32 != 0)
            {
                throw new CliException(
                    $"--input-size {side} is not supported; give a multiple of 32 from 64 to 224, such as 128 or 224.");
            }

            if (parseResult.GetValue(views) is { } given && !parseResult.GetValue(fineTune))
            {
                throw new CliException($"--views {given} needs --fine-tune; a frozen-feature model predicts in one pass.");
            }

            if (parseResult.GetValue(flipAverage))
            {
                throw new CliException("--flip-average was replaced by --views flips; give that instead, or --views "
                    + "two-scales for the 12 views the shipped model uses.");
            }

            string viewsName = parseResult.GetValue(views) ?? "single";

            double weightPower = parseResult.GetValue(classWeightPower);
            if (weightPower is < 0 or > 1 || double.IsNaN(weightPower))
            {
                throw new CliException(
                    string.Create(CultureInfo.InvariantCulture, $"--class-weight-power {weightPower} is out of range; give a number from 0 to 1, such as 0.5."));
            }

            bool fineTuning = parseResult.GetValue(fineTune);
            if (!fineTuning && parseResult.GetResult(classWeightPower) is { Implicit: false })
            {
                throw new CliException("--class-weight-power needs --fine-tune; give both or leave it out.");
            }

            var options = new ConditionTrainingOptions(
                Kind: fineTuning ? ConditionModelKind.FineTuned : ConditionModelKind.FrozenBackbone,
                InputSize: side,
                Views: ImageViews.Parse(viewsName, side),
                FineTuning: new FineTuningOptions(ClassWeightPower: weightPower),
                FeatureCacheDirectory: parseResult.GetValue(cache)?.FullName,
                // Kept beside the model while fine-tuning runs, so the same command resumes an interrupted run.
                CheckpointDirectory: fineTuning ? Path.Combine(target, CheckpointFolderName) : null);
            if (options.CheckpointDirectory is { } checkpoint && ModelFolder.HasFinishedEpoch(checkpoint))
            {
                // On stderr, so a JSON result on stdout stays parseable.
                output.Error.WriteLine($"Resuming from the checkpoint in {checkpoint}.");
            }

            using InterruptNotice? notice = options.CheckpointDirectory is { } kept
                ? InterruptNotice.ForCheckpoint(output.Error, kept)
                : null;
            double? lastValidation = null;
            ConditionTrainingResult result = EpochProgress.Run<TrainingProgress, ConditionTrainingResult>(
                output, "Training", epochCount,
                p =>
                {
                    lastValidation = p.ValidationAccuracy ?? lastValidation;
                    bool epochDone = p.Batches == 0 || p.Batch == p.Batches;
                    string batch = epochDone
                        ? ""
                        : string.Create(CultureInfo.InvariantCulture, $" batch {p.Batch}/{p.Batches}");
                    string validation = lastValidation is { } accuracy
                        ? string.Create(CultureInfo.InvariantCulture, $" val acc {accuracy:0.000}")
                        : "";
                    return (EpochProgress.Done(p.Epoch, p.Batch, p.Batches), string.Create(CultureInfo.InvariantCulture,
                        $"Epoch {p.Epoch}/{p.Epochs}{batch} loss {p.TrainLoss:0.0000}{validation}"));
                },
                reporter => ConditionTraining.Train(dataDir, target, epochCount, parseResult.GetValue(seed), reporter, options));

            if (output.IsJson)
            {
                output.WriteJson(result);
            }
            else
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Saved {result.ModelDirectory}: val accuracy {result.Validation.Accuracy:0.000}, balanced accuracy "
                    + $"{result.Validation.BalancedAccuracy:0.000}, macro AUC {result.Validation.MacroAuc ?? double.NaN:0.000} "
                    + $"in {result.Elapsed.TotalMinutes:0.0} min."));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    public static Command CreateEvaluateCondition()
    {
        var data = DataOption("Folder laid out like ham10000-dermamnist: metadata.csv, images/.");
        var split = new Option<string>("--split")
        {
            Description = "Rows whose dermamnist_split equals this are scored.",
            DefaultValueFactory = _ => "val",
            HelpName = "NAME",
        };
        var model = new Option<DirectoryInfo?>("--model")
        {
            Description = "Model folder (default: models/condition-classifier).",
            HelpName = "PATH",
        };
        var trainingData = new Option<DirectoryInfo?>("--training-data")
        {
            Description = "Folder whose train rows the model learned from, for the score on lesions it never saw "
                + "(default: the --data folder).",
            HelpName = "DIR",
        };
        var command = new Command("condition", "Score the skin-condition classifier: accuracy, balanced accuracy, "
            + "macro AUC, per-class precision/recall/F1, confusion matrix, and the same on lesions absent from training.")
        {
            data, split, model, trainingData,
        };
        command.SetAction(parseResult =>
        {
            var output = CliOutput.For(parseResult);
            string modelDir = parseResult.GetValue(model)?.FullName
                ?? ConditionClassifier.FindDefaultModelDirectory()
                ?? throw new CliException("no model folder found; pass --model PATH or train one with 'skinsight train condition'.");
            string folder = InputFiles.RequireFolder(parseResult.GetRequiredValue(data));
            string? trainingFolder = parseResult.GetValue(trainingData) is { } training
                ? InputFiles.RequireFolder(training, "--training-data")
                : null;
            var evaluation = CliProgress.Run(output, "Classifying images", _ =>
                ConditionTraining.Evaluate(
                    folder, parseResult.GetRequiredValue(split), modelDir, trainingDataDir: trainingFolder));
            if (output.IsJson)
            {
                var m = evaluation.Metrics;
                output.WriteJson(new
                {
                    evaluation.Split,
                    m.Accuracy,
                    m.BalancedAccuracy,
                    m.MacroAuc,
                    N = m.SampleCount,
                    Metrics = m,
                    evaluation.Referral,
                    evaluation.ImagesPerSecond,
                    LesionDisjoint = evaluation.LesionDisjoint is { } d
                        ? new { d.Accuracy, d.BalancedAccuracy, d.MacroAuc, N = d.SampleCount, Metrics = d }
                        : null,
                });
            }
            else
            {
                output.WriteLine(MetricsReport.ToMarkdown(evaluation.Metrics));
                output.WriteLine(evaluation.LesionDisjoint is { } d
                    ? $"On the {d.SampleCount} images of lesions with no image in training:\n{MetricsReport.ToMarkdown(d)}"
                    : "No lesion-disjoint score: the training folder has no lesion_id column or no train rows, or every "
                        + "image shows a lesion seen in training.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Option<DirectoryInfo> DataOption(string description) =>
        new("--data") { Description = description, HelpName = "DIR", Required = true };

    /// <summary>The <c>--views</c> option of fine-tuned classifiers: which views of each image the saved model averages.</summary>
    /// <param name="defaultText">What the model averages when the option is left out, for the help text.</param>
    internal static Option<string?> ViewsOption(string defaultText)
    {
        var option = new Option<string?>("--views")
        {
            Description = $"With --fine-tune: the views of each image whose probabilities the saved model averages "
                + $"(default: {defaultText}). single: one pass; flips: the image and its 3 flips; two-scales: the 8 "
                + $"flips and quarter turns at the input size and the 4 flips at {ImageViews.ScaleStep} px more (12 passes).",
            HelpName = "NAME",
        };
        option.AcceptOnlyFromAmong([.. ImageViews.Names]);
        return option;
    }
}
