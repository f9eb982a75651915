using System.CommandLine;
using Skinsight.Cli.Infrastructure;
using Skinsight.Vision.Skin;

namespace Skinsight.Cli.Commands;

/// <summary><c>skinsight train skin-pixels</c> and <c>skinsight evaluate skin-pixels</c>.</summary>
internal static class SkinPixelCommands
{
    private static string DefaultModel => Path.Combine(SkinsightHome.Find(), "models", "skin-pixels", "histogram.bin");

    public static Command CreateTrain()
    {
        var data = DataOption();
        var outPath = new Option<FileInfo?>("--out")
        {
            Description = "Model file to write (default: models/skin-pixels/histogram.bin).",
            HelpName = "PATH",
        };
        var bins = new Option<int>("--bins")
        {
            Description = "Histogram bins per colour channel (a power of two, 2-256).",
            DefaultValueFactory = _ => 32,
        };
        var command = new Command("skin-pixels", "Train the pixel skin classifier (a Bayes colour histogram) on "
            + "labelled pixels in the UCI Skin Segmentation layout (B,G,R,label).") { data, outPath, bins };
        command.SetAction(parseResult =>
        {
            var output = CliOutput.For(parseResult);
            int binCount = parseResult.GetValue(bins);
            if (binCount < 2 || binCount > 256 || !int.IsPow2(binCount))
            {
                throw new CliException($"--bins {binCount} is invalid; use a power of two from 2 to 256.");
            }

            string file = SkinPixelData.Locate(parseResult.GetRequiredValue(data).FullName);
            var pixels = SkinPixelData.Read(file);
            var classifier = HistogramSkinClassifier.Train(pixels, binCount);
            string model = parseResult.GetValue(outPath)?.FullName ?? DefaultModel;
            classifier.Save(model);
            var training = SkinPixelScore.Evaluate(classifier, pixels);
            if (output.IsJson)
            {
                output.WriteJson(new { Model = model, Bins = binCount, TrainingPixels = pixels.Count, TrainingAccuracy = training.Accuracy });
            }
            else
            {
                output.WriteLine($"Saved {model}: {pixels.Count} pixels, training accuracy {training.Accuracy:P2}.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    public static Command CreateEvaluate()
    {
        var data = DataOption();
        var model = new Option<FileInfo?>("--model")
        {
            Description = "Model file (default: models/skin-pixels/histogram.bin).",
            HelpName = "PATH",
        };
        var command = new Command("skin-pixels", "Score the pixel skin classifier on labelled pixels (B,G,R,label): "
            + "accuracy, precision, recall and n, next to the colour rule the analysis used before.") { data, model };
        command.SetAction(parseResult =>
        {
            var output = CliOutput.For(parseResult);
            var (score, rule) = CliProgress.Run(output, "Reading labelled pixels", task =>
            {
                var pixels = SkinPixelData.Read(SkinPixelData.Locate(parseResult.GetRequiredValue(data).FullName));
                var classifier = HistogramSkinClassifier.Load(parseResult.GetValue(model)?.FullName ?? DefaultModel);
                task.Report(1, 3);
                task.Describe("Scoring the histogram classifier");
                var histogram = SkinPixelScore.Evaluate(classifier, pixels);
                task.Report(2, 3);
                task.Describe("Scoring the colour rule");
                return (histogram, SkinPixelScore.Evaluate(new RuleSkinClassifier(), pixels));
            }, counted: true);
            if (output.IsJson)
            {
                output.WriteJson(new
                {
                    score.Accuracy,
                    score.N,
                    score.Precision,
                    score.Recall,
                    Baselines = new { Rule = rule },
                });
            }
            else
            {
                output.WriteLine($"{score.N} pixels: accuracy {score.Accuracy:P2}, precision {score.Precision:P2}, "
                    + $"recall {score.Recall:P2} (colour rule: accuracy {rule.Accuracy:P2}).");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Option<FileInfo> DataOption() =>
        new("--data")
        {
            Description = "A skin_nonskin.csv file, or a folder holding one.",
            HelpName = "PATH",
            Required = true,
        };
}
