using System.CommandLine;
using System.Globalization;
using Skinsight.Cli.Infrastructure;
using Skinsight.Learning.Age;

namespace Skinsight.Cli.Commands;

/// <summary><c>skinsight train age</c> and <c>skinsight evaluate age</c>.</summary>
internal static class AgeCommands
{
    private static string DefaultModelDirectory => Path.Combine(SkinsightHome.Find(), "models", AgeEstimator.DefaultModelName);

    public static Command CreateTrain()
    {
        var data = DataOption("UTKFace folder with labels.csv (image_file, age, gender, race) and the images it lists.");
        var outPath = new Option<DirectoryInfo?>("--out")
        {
            Description = "Model folder to write (default: models/skin-age); training resumes when it contains an "
                + "unfinished run with the same options.",
            HelpName = "PATH",
        };
        var epochs = new Option<int>("--epochs")
        {
            Description = "Total epochs; the learning rate decays to 0 at the last one.",
            DefaultValueFactory = _ => 14,
            HelpName = "N",
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Random seed; the same seed gives the same model.",
            DefaultValueFactory = _ => 1,
            HelpName = "N",
        };
        var width = new Option<int>("--width")
        {
            Description = "Channels of the first convolution stage; later stages have 2, 4 and 8 times as many.",
            DefaultValueFactory = _ => 32,
            HelpName = "N",
        };
        var architecture = new Option<string>("--architecture")
        {
            Description = "vgg: a small CNN trained from scratch; resnet18: the ImageNet ResNet-18 fine-tuned.",
            DefaultValueFactory = _ => AgeNetwork.ArchitectureName,
            HelpName = "NAME",
        };
        architecture.AcceptOnlyFromAmong(AgeNetwork.ArchitectureName, AgeResNet.ArchitectureName);
        var inputSize = new Option<int>("--input-size")
        {
            Description = "Side in pixels of the face window the network sees: a multiple of 16 from 32 for vgg or of 32 from "
                + $"64 for resnet18, at most {AgeRegressor.MaxInputSize}.",
            DefaultValueFactory = _ => AgeTrainingOptions.DefaultInputSize,
            HelpName = "PIXELS",
        };
        var learningRate = new Option<double>("--learning-rate")
        {
            Description = "Peak AdamW learning rate; fine-tuning resnet18 wants a smaller one, such as 0.0005.",
            DefaultValueFactory = _ => 3e-3,
            HelpName = "RATE",
        }.PointDecimal();
        var command = new Command("age", "Train the skin-age CNN on face crops, from scratch or from ImageNet weights (train split, "
            + "choices on val, test MAE recorded once at the end).")
        {
            data, outPath, epochs, seed, width, architecture, inputSize, learningRate,
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
            if (channels is < 4 or > 256)
            {
                throw new CliException($"--width {channels} is out of range; give 4 to 256, such as 32.");
            }

            double rate = parseResult.GetValue(learningRate);
            if (!(rate > 0 && rate < 1))
            {
                throw new CliException(
                    $"--learning-rate {rate.ToString(CultureInfo.InvariantCulture)} is out of range; give a value between 0 and 1, such as 0.003.");
            }

            var options = new AgeTrainingOptions(
                Epochs: epochCount,
                Seed: parseResult.GetValue(seed),
                LearningRate: rate,
                Width: channels,
                Architecture: parseResult.GetRequiredValue(architecture),
                InputSize: parseResult.GetValue(inputSize));
            AgeModelInfo info = EpochProgress.Run<AgeTrainingProgress, AgeModelInfo>(output, "Loading images", epochCount,
                p =>
                {
                    string validation = p.ValidationMae is { } mae
                        ? string.Create(CultureInfo.InvariantCulture, $" val MAE {mae:0.00}")
                        : "";
                    return (EpochProgress.Done(p.Epoch, p.Batch, p.Batches), string.Create(CultureInfo.InvariantCulture,
                        $"Epoch {p.Epoch}/{p.Epochs} batch {p.Batch}/{p.Batches} loss (MAE) {p.TrainMae:0.00}{validation}"));
                },
                reporter => AgeTraining.Train(dataDir, target, options, reporter));

            if (output.IsJson)
            {
                output.WriteJson(info);
            }
            else
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Saved {target}: val MAE {info.ValidationMae:0.00} years (epoch {info.BestEpoch}), test MAE "
                    + $"{info.TestMae ?? double.NaN:0.00} years, trained in {info.TrainingSeconds / 60:0.0} min."));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    public static Command CreateEvaluate()
    {
        var data = DataOption("Folder laid out like utkface-crop-part1: labels.csv and the images it lists.");
        var split = new Option<string>("--split")
        {
            Description = "Rows scored: train, val or test (the folder's split column, or the file-name hash split "
                + "without one), or all.",
            DefaultValueFactory = _ => AgeSplit.Test,
            HelpName = "NAME",
        };
        var model = new Option<DirectoryInfo?>("--model")
        {
            Description = "Model folder (default: models/skin-age).",
            HelpName = "PATH",
        };
        var command = new Command("age", "Score the skin-age model: MAE in years overall and by age band, race and "
            + "gender.")
        {
            data, split, model,
        };
        command.SetAction(parseResult =>
        {
            var output = CliOutput.For(parseResult);
            string folder = InputFiles.RequireFolder(parseResult.GetRequiredValue(data));
            string modelDir = parseResult.GetValue(model)?.FullName
                ?? AgeEstimator.FindDefaultModelDirectory()
                ?? throw new CliException("no age model folder found; pass --model PATH or train one with "
                    + "'skinsight train age'.");
            AgeEvaluation evaluation = CliProgress.Run(output, "Estimating ages", _ =>
                AgeTraining.Evaluate(folder, parseResult.GetRequiredValue(split), modelDir));
            var m = evaluation.Metrics;
            if (output.IsJson)
            {
                output.WriteJson(new
                {
                    evaluation.Split,
                    m.Mae,
                    m.N,
                    m.ByAgeBand,
                    m.ByRace,
                    m.ByGender,
                    evaluation.ModelEpoch,
                    evaluation.ImagesPerSecond,
                });
            }
            else
            {
                output.WriteLine(ToMarkdown(evaluation));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static string ToMarkdown(AgeEvaluation evaluation)
    {
        var text = new System.Text.StringBuilder();
        var m = evaluation.Metrics;
        text.AppendLine(CultureInfo.InvariantCulture, $"Split {evaluation.Split}: MAE {m.Mae:0.00} years on {m.N} images.");
        AppendTable(text, "age band", m.ByAgeBand);
        AppendTable(text, "race", m.ByRace);
        AppendTable(text, "gender", m.ByGender);
        return text.ToString().TrimEnd();
    }

    private static void AppendTable(System.Text.StringBuilder text, string title, IReadOnlyList<GroupError> groups)
    {
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"| {title} | n | MAE | mean error |");
        text.AppendLine("| --- | --- | --- | --- |");
        foreach (GroupError g in groups)
        {
            string label = g.Group == g.Name ? g.Name : $"{g.Group} {g.Name}";
            text.AppendLine(CultureInfo.InvariantCulture, $"| {label} | {g.N} | {g.Mae:0.00} | {g.MeanError:+0.00;-0.00} |");
        }
    }

    private static Option<DirectoryInfo> DataOption(string description) =>
        new("--data") { Description = description, HelpName = "DIR", Required = true };
}
