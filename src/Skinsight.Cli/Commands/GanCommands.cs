using System.CommandLine;
using System.Globalization;
using Skinsight.Cli.Infrastructure;
using Skinsight.Learning.Backbone;
using Skinsight.Learning.Condition;
using Skinsight.Learning.Data;
using Skinsight.Learning.Generative;

namespace Skinsight.Cli.Commands;

/// <summary><c>skinsight gan train|sample</c> and <c>skinsight evaluate gan</c>.</summary>
internal static class GanCommands
{
    public static Command Create() =>
        new("gan", "Train a GAN on skin-lesion patches and sample synthetic images from it (research use only).")
        {
            CreateTrain(),
            CreateSample(),
        };

    private static string DefaultModelDirectory => Path.Combine(SkinsightHome.Find(), "models", "gan");

    private static Command CreateTrain()
    {
        var data = new Option<DirectoryInfo>("--data")
        {
            Description = "HAM10000 folder with metadata.csv (dermamnist_split column) and images/.",
            HelpName = "DIR",
            Required = true,
        };
        var split = new Option<string>("--split")
        {
            Description = "Rows whose dermamnist_split equals this are trained on.",
            DefaultValueFactory = _ => "train",
            HelpName = "NAME",
        };
        var outPath = new Option<DirectoryInfo?>("--out")
        {
            Description = "GAN folder to write (default: models/gan); training resumes when it holds a checkpoint of "
                + "the same shape and seed.",
            HelpName = "DIR",
        };
        var epochs = new Option<int>("--epochs") { Description = "Total epochs.", DefaultValueFactory = _ => 25 };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed gives the same GAN.", DefaultValueFactory = _ => 1 };
        var architecture = new Option<GanArchitecture>("--architecture")
        {
            Description = "Convolutional (DCGAN, 64x64) or Dense (the fully connected baseline, 28x28).",
            DefaultValueFactory = _ => GanArchitecture.Convolutional,
        };
        var conditional = new Option<bool>("--conditional") { Description = "Condition both networks on the diagnosis." };
        var width = new Option<int>("--width")
        {
            Description = "Channels of the last convolution, or units/8 of the dense layers.",
            DefaultValueFactory = _ => 32,
        };
        var command = new Command("train", "Train a DCGAN (or the dense baseline) on 64x64 centred patches; saves "
            + "weights, a checkpoint after every epoch and losses.png.")
        {
            data, split, outPath, epochs, seed, architecture, conditional, width,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var output = CliOutput.For(parseResult);
            string dataDir = InputFiles.RequireFolder(parseResult.GetRequiredValue(data));
            string target = parseResult.GetValue(outPath)?.FullName ?? DefaultModelDirectory;
            int epochCount = parseResult.GetValue(epochs);
            int widthValue = parseResult.GetValue(width);
            if (epochCount < 1 || widthValue < 1)
            {
                throw new CliException($"--epochs {epochCount} and --width {widthValue} must both be 1 or more.");
            }

            var images = DermaMnistDataSet.Load(dataDir, parseResult.GetRequiredValue(split));
            var spec = new GanSpec(parseResult.GetValue(architecture),
                parseResult.GetValue(conditional) ? ConditionClasses.Codes : [], Width: widthValue);
            var options = new GanTrainingOptions(Epochs: epochCount, Seed: parseResult.GetValue(seed));
            GanInfo info = EpochProgress.Run<GanProgress, GanInfo>(output, "Loading patches", epochCount,
                p => (EpochProgress.Done(p.Epoch, p.Batch, p.Batches), string.Create(CultureInfo.InvariantCulture,
                    $"Epoch {p.Epoch}/{p.Epochs} batch {p.Batch}/{p.Batches} D {p.DiscriminatorLoss:0.000} G {p.GeneratorLoss:0.000}")),
                reporter => GanTraining.Train(spec, images, dataDir, target, options, reporter, cancellationToken));

            // Training writes the chart after every epoch; this covers a run that had no epoch left to train.
            string chart = Path.Combine(target, GanLossChart.FileName);
            GanLossChart.WritePng(info, chart);
            if (output.IsJson)
            {
                output.WriteJson(new { ModelDirectory = target, LossChart = chart, info.EpochsCompleted, info.TrainingImages, info.Losses });
            }
            else
            {
                var last = info.Losses[^1];
                string epochs = info.EpochsCompleted == 1 ? "1 epoch" : $"{info.EpochsCompleted} epochs";
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Saved {target} after {epochs} on {info.TrainingImages} images: D loss "
                    + $"{last.DiscriminatorLoss:0.000}, G loss {last.GeneratorLoss:0.000}, {last.Seconds:0} s per epoch. Losses: {chart}"));
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static Command CreateSample()
    {
        var count = new Option<int>("--n") { Description = "How many images.", DefaultValueFactory = _ => 64, HelpName = "N" };
        var className = new Option<string?>("--class")
        {
            Description = "Diagnosis code for a class-conditional GAN: " + string.Join(", ", ConditionClasses.Codes) + ".",
            HelpName = "NAME",
        };
        var outPath = new Option<FileInfo>("--out") { Description = "PNG file to write (a grid of images).", HelpName = "FILE.png", Required = true };
        var model = ModelOption("GAN folder written by 'skinsight gan train'.");
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed gives the same images.", DefaultValueFactory = _ => 1 };
        var command = new Command("sample", "Write a grid of generated images as a PNG marked synthetic in its metadata.")
        {
            count, className, outPath, model, seed,
        };
        command.SetAction(parseResult =>
        {
            var output = CliOutput.For(parseResult);
            int n = parseResult.GetValue(count);
            if (n is < 1 or > 1024)
            {
                throw new CliException($"--n {n} is out of range; give 1 to 1024.");
            }

            string modelDir = RequireModel(parseResult.GetValue(model));
            using GanModel gan = GanModel.Load(modelDir);
            int? label = parseResult.GetValue(className) is { } name ? gan.Info.Spec.LabelOf(name) : null;
            int seedValue = parseResult.GetValue(seed);
            byte[] images = gan.Sample(n, seedValue, label);
            string path = parseResult.GetRequiredValue(outPath).FullName;
            int columns = (int)Math.Ceiling(Math.Sqrt(n));
            SyntheticImageFile.WriteGrid(path, images, n, gan.Info.Spec.ImageSize, columns, string.Create(
                CultureInfo.InvariantCulture,
                $"synthetic: generated by a Skinsight {gan.Info.Spec.Architecture} GAN (epoch {gan.Info.EpochsCompleted}, "
                + $"sample seed {seedValue}); not a photo of a person"));
            if (output.IsJson)
            {
                output.WriteJson(new { Path = path, N = n, Class = parseResult.GetValue(className), Seed = seedValue });
            }
            else
            {
                output.WriteLine($"Wrote {n} synthetic images to {path}.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    public static Command CreateEvaluate()
    {
        var data = new Option<DirectoryInfo>("--data")
        {
            Description = "Folder laid out like ham10000-dermamnist: metadata.csv, images/.",
            HelpName = "DIR",
            Required = true,
        };
        var split = new Option<string?>("--split")
        {
            Description = "Only rows whose dermamnist_split equals this (default: every row).",
            HelpName = "NAME",
        };
        var model = ModelOption("GAN folder written by 'skinsight gan train'.");
        var maxImages = new Option<int>("--max-images")
        {
            Description = "Real images drawn (seeded); half are compared with as many generated ones, half with each other.",
            DefaultValueFactory = _ => 2000,
            HelpName = "N",
        };
        var seed = new Option<int>("--seed") { Description = "Seed of the draw and of the generated images.", DefaultValueFactory = _ => 1 };
        var command = new Command("gan", "Score a GAN: FID in ResNet-18 features against real images, the real-versus-real "
            + "floor, and k-nearest-neighbour precision and recall.")
        {
            data, split, model, maxImages, seed,
        };
        command.SetAction(parseResult =>
        {
            var output = CliOutput.For(parseResult);
            int max = parseResult.GetValue(maxImages);
            if (max < 8)
            {
                throw new CliException($"--max-images {max} is too small; give 8 or more (2000 gives a stable FID).");
            }

            string folder = InputFiles.RequireFolder(parseResult.GetRequiredValue(data));
            string modelFolder = RequireModel(parseResult.GetValue(model));
            GanEvaluationReport report = CliProgress.Run(output, "Loading real images", task =>
            {
                var images = DermaMnistDataSet.Load(folder, parseResult.GetValue(split));
                task.Describe("Loading the GAN and ResNet-18");
                using GanModel gan = GanModel.Load(modelFolder);
                using ResNet18Backbone backbone = PretrainedResNet18.Create();
                task.Describe("Generating images and comparing features");
                return GanEvaluation.Evaluate(gan, images, backbone, max, parseResult.GetValue(seed));
            });
            if (output.IsJson)
            {
                output.WriteJson(report);
            }
            else
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"FID {report.Fid:0.0} (real vs real {report.RealVersusRealFid:0.0}), precision {report.Precision:0.000}, "
                    + $"recall {report.Recall:0.000}, n {report.N} per set."));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Option<DirectoryInfo?> ModelOption(string description) =>
        new("--model") { Description = description + " Default: models/gan.", HelpName = "DIR" };

    private static string RequireModel(DirectoryInfo? folder)
    {
        string path = folder?.FullName ?? DefaultModelDirectory;
        return Directory.Exists(path)
            ? path
            : throw new CliException($"the GAN folder {path} was not found; train one with 'skinsight gan train' or pass --model.");
    }
}
