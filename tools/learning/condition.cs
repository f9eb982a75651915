#:project ../../src/Skinsight.Learning/Skinsight.Learning.csproj

// Runs the condition-classifier steps from the command line until the CLI wires them in. Run from the repository
// root with: nice -n 19 dotnet run -c Release tools/learning/condition.cs -- COMMAND ARGS
//   features DATA SPLIT SIZE OUT_FILE             extract frozen ResNet-18 features of one split
//   head-grid CACHE_DIR SIZE                      fit heads on cached train features, score them on val features
//   train-head DATA MODEL_DIR CACHE_DIR EPOCHS POWER DECAY HIDDEN LEARNING_RATE
//   fine-tune DATA MODEL_DIR EPOCHS SIZE CHECKPOINT_DIR  resumes from CHECKPOINT_DIR when it contains a checkpoint
//   evaluate DATA SPLIT MODEL_DIR
//   views DATA SPLIT MODEL_DIR                    score each named set of views (single, flips, two-scales)
//   view-sweep DATA SPLIT MODEL_DIR               score combinations of views at 96, 128 and 160 px. Then pick the
//                                                 best on one random half of SPLIT and score it on the other half
//   prior-sweep DATA SPLIT MODEL_DIR              score p(c) * train prior(c)^beta for beta 0 to 0.8
//   use-views DATA MODEL_DIR NAME                 switch the model to the named views, re-choose the threshold on val
//   predict-speed DATA COUNT MODEL_DIR...          time one-image predictions, references included
//   measure-step SIZE BATCH STEPS
using System.Globalization;
using Skinsight.Learning;
using Skinsight.Learning.Backbone;
using Skinsight.Learning.Condition;
using Skinsight.Learning.Data;
using Skinsight.Learning.Evaluation;
using Skinsight.Learning.Features;

if (args.Length == 0)
{
    Console.Error.WriteLine("Missing command; see the header of tools/learning/condition.cs for the commands.");
    return 2;
}

// A wrong argument (an unknown view name, a missing folder, a damaged model) ends the tool with its message rather
// than a stack trace. Any other exception still shows one.
AppDomain.CurrentDomain.UnhandledException += (_, e) =>
{
    if (e.ExceptionObject is ArgumentException or IOException or FormatException or ModelFormatException)
    {
        Console.Error.WriteLine($"condition.cs: {((Exception)e.ExceptionObject).Message}");
        Environment.Exit(1);
    }
};

var progress = new Progress<TrainingProgress>(p =>
{
    if (p.Batch == 0)
    {
        Console.WriteLine(Invariant(
            $"epoch {p.Epoch}/{p.Epochs}: loss {p.TrainLoss:F4}, val accuracy {p.ValidationAccuracy:F4}, {p.Elapsed.TotalMinutes:F1} min"));
    }
});

switch (args[0])
{
    case "features":
        {
            var images = DermaMnistDataSet.Load(args[1], args[2]);
            using var backbone = PretrainedResNet18.Create();
            var extraction = new Progress<ExtractionProgress>(p =>
            {
                if (p.Done % 256 == 0 || p.Done == p.Total)
                {
                    Console.WriteLine(Invariant($"{p.Done}/{p.Total} images, {p.ImagesPerSecond:F1} images/s"));
                }
            });
            FeatureExtractor.Extract(backbone, images, Int(args[3]), batchSize: 32, progress: extraction).Save(args[4]);
            return 0;
        }

    case "head-grid":
        {
            var train = FeatureSet.Load(Path.Combine(args[1], $"train{args[2]}.bin"));
            var validation = FeatureSet.Load(Path.Combine(args[1], $"val{args[2]}.bin"));
            Console.WriteLine("| class weight power | weight decay | hidden | epochs | accuracy | balanced accuracy | macro AUC |");
            Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
            foreach (int hidden in new[] { 0, 256 })
            {
                foreach (double power in new[] { 0.0, 0.5, 1.0 })
                {
                    foreach (double decay in new[] { 1e-4, 1e-2 })
                    {
                        var options = new HeadTrainingOptions(Epochs: 60, ClassWeightPower: power, WeightDecay: decay,
                            HiddenUnits: hidden, DropoutRate: hidden > 0 ? 0.3 : 0);
                        using ClassifierHead head = HeadTrainer.Train(train, options);
                        var m = ClassificationMetrics.Compute(
                            validation.Labels, HeadTrainer.Predict(head, validation), ConditionClasses.Codes);
                        Console.WriteLine(Invariant(
                            $"| {power} | {decay} | {hidden} | 60 | {m.Accuracy:F4} | {m.BalancedAccuracy:F4} | {m.MacroAuc:F4} |"));
                    }
                }
            }

            return 0;
        }

    case "train-head":
        {
            var head = new HeadTrainingOptions(ClassWeightPower: Double(args[5]), WeightDecay: Double(args[6]),
                HiddenUnits: Int(args[7]), DropoutRate: Int(args[7]) > 0 ? 0.3 : 0, LearningRate: Double(args[8]));
            var options = new ConditionTrainingOptions(Head: head, FeatureCacheDirectory: args[3]);
            var result = ConditionTraining.Train(args[1], args[2], Int(args[4]), seed: 1, progress, options);
            Console.WriteLine(MetricsReport.ToMarkdown(result.Validation));
            Console.WriteLine(Invariant(
                $"referral threshold {result.Referral.Threshold:F4}: recall {result.Referral.Recall:F4}, flag rate {result.Referral.FlagRate:F4}"));
            Console.WriteLine(Invariant($"trained in {result.Elapsed.TotalMinutes:F1} min"));
            return 0;
        }

    case "fine-tune":
        {
            var options = new ConditionTrainingOptions(
                Kind: ConditionModelKind.FineTuned,
                InputSize: Int(args[4]),
                CheckpointDirectory: args[5]);
            var result = ConditionTraining.Train(args[1], args[2], Int(args[3]), seed: 1, progress, options);
            Console.WriteLine(MetricsReport.ToMarkdown(result.Validation));
            Console.WriteLine(Invariant(
                $"referral threshold {result.Referral.Threshold:F4}: recall {result.Referral.Recall:F4}, flag rate {result.Referral.FlagRate:F4}"));
            Console.WriteLine(Invariant($"trained in {result.Elapsed.TotalMinutes:F1} min"));
            return 0;
        }

    case "evaluate":
        {
            var evaluation = ConditionTraining.Evaluate(args[1], args[2], args[3]);
            Console.WriteLine(MetricsReport.ToMarkdown(evaluation.Metrics));
            Console.WriteLine(Invariant(
                $"referral threshold {evaluation.Referral.Threshold:F4}: recall {evaluation.Referral.Recall:F4}"));
            Console.WriteLine(Invariant(
                $"flag rate {evaluation.Referral.FlagRate:F4}; {evaluation.ImagesPerSecond:F1} images/s"));
            return 0;
        }

    case "views":
        {
            // Scores the model with each named set of views on one split, each with a threshold chosen on it.
            IReadOnlyList<LabeledImage> images = DermaMnistDataSet.Load(args[1], args[2]);
            (ConditionModelInfo info, ConditionNetwork network) = ConditionModelFiles.Load(args[3]);
            using (network)
            {
                int[] labels = images.Select(i => i.Label).ToArray();
                foreach (string name in ImageViews.Names)
                {
                    float[][] probabilities = ConditionTraining.PredictImages(
                        network, images, ImageViews.Parse(name, info.InputSize), 32, out double rate);
                    var metrics = ClassificationMetrics.Compute(labels, probabilities, ConditionClasses.Codes);
                    var referral = ReferralThreshold.Choose(labels, probabilities, 0.9);
                    Console.WriteLine(Invariant(
                        $"{name}: accuracy {metrics.Accuracy:F4}, balanced {metrics.BalancedAccuracy:F4}, AUC {metrics.MacroAuc:F4}, threshold {referral.Threshold:F4}, recall {referral.Recall:F4}, flag rate {referral.FlagRate:F4}, {rate:F1} images/s"));
                }
            }

            return 0;
        }

    case "view-sweep":
        {
            IReadOnlyList<LabeledImage> images = DermaMnistDataSet.Load(args[1], args[2]);
            (ConditionModelInfo info, ConditionNetwork network) = ConditionModelFiles.Load(args[3]);
            using (network)
            {
                int[] labels = images.Select(i => i.Label).ToArray();
                int size = info.InputSize;
                var groups = new Dictionary<ViewScale, float[][]>();
                foreach (int side in new[] { size - 32, size, size + 32 })
                {
                    foreach (ViewSymmetry symmetry in Enum.GetValues<ViewSymmetry>())
                    {
                        var group = new ViewScale(side, symmetry);
                        groups[group] = ConditionTraining.PredictImages(network, images, [group], 32, out _);
                    }
                }

                ViewScale V(int side, ViewSymmetry symmetry) => new(side, symmetry);
                var candidates = new (string Name, ViewScale[] Views)[]
                {
                    ("one pass", [V(size, ViewSymmetry.None)]),
                    ("4 flips", [V(size, ViewSymmetry.Flips)]),
                    ("8 flips and transposes", [V(size, ViewSymmetry.FlipsAndTransposes)]),
                    ($"4 flips at {size + 32}", [V(size + 32, ViewSymmetry.Flips)]),
                    ($"4 flips at {size - 32}", [V(size - 32, ViewSymmetry.Flips)]),
                    ($"4 flips at {size} and {size + 32}", [V(size, ViewSymmetry.Flips), V(size + 32, ViewSymmetry.Flips)]),
                    ($"8 at {size}, 4 flips at {size + 32} (two-scales)", [.. ImageViews.TwoScales(size)]),
                    ($"8 at {size} and {size + 32}", [V(size, ViewSymmetry.FlipsAndTransposes), V(size + 32, ViewSymmetry.FlipsAndTransposes)]),
                    ($"8 at {size - 32}, {size} and {size + 32}",
                        [V(size - 32, ViewSymmetry.FlipsAndTransposes), V(size, ViewSymmetry.FlipsAndTransposes), V(size + 32, ViewSymmetry.FlipsAndTransposes)]),
                };

                // A group's probabilities are already its views' mean, so a combination weighs each group by its view count.
                float[][] Combine(ViewScale[] views)
                {
                    double total = ImageViews.Count(views);
                    return Enumerable.Range(0, images.Count).Select(i => Enumerable.Range(0, ConditionClasses.Count)
                        .Select(c => (float)views.Sum(v => groups[v][i][c] * ImageViews.Count([v]) / total)).ToArray()).ToArray();
                }

                var predicted = new List<int[]>();
                foreach ((string name, ViewScale[] views) in candidates)
                {
                    float[][] probabilities = Combine(views);
                    var metrics = ClassificationMetrics.Compute(labels, probabilities, ConditionClasses.Codes);
                    var referral = ReferralThreshold.Choose(labels, probabilities, 0.9);
                    predicted.Add(probabilities.Select(p => Array.IndexOf(p, p.Max())).ToArray());
                    Console.WriteLine(Invariant(
                        $"{name} ({ImageViews.Count(views)} passes): accuracy {metrics.Accuracy:F4}, balanced {metrics.BalancedAccuracy:F4}, AUC {metrics.MacroAuc:F4}, flag rate {referral.FlagRate:F4}"));
                }

                // The best of several candidates, scored on the images it was picked on, looks better than it is. So
                // it is picked on one random half and scored on the other, which shows how much of the gain remains.
                var random = new Random(7);
                const int halves = 500;
                double chosenSum = 0, flipsSum = 0;
                var chosenCount = new int[candidates.Length];
                for (int r = 0; r < halves; r++)
                {
                    bool[] first = images.Select(_ => random.Next(2) == 0).ToArray();
                    double Accuracy(int k, bool half)
                    {
                        int n = 0, correct = 0;
                        for (int i = 0; i < images.Count; i++)
                        {
                            if (first[i] == half)
                            {
                                n++;
                                correct += predicted[k][i] == labels[i] ? 1 : 0;
                            }
                        }

                        return (double)correct / n;
                    }

                    int chosen = Enumerable.Range(0, candidates.Length).MaxBy(k => Accuracy(k, true));
                    chosenCount[chosen]++;
                    chosenSum += Accuracy(chosen, false);
                    flipsSum += Accuracy(1, false);
                }

                Console.WriteLine(Invariant(
                    $"chosen on one half, scored on the other ({halves} random halves): accuracy {chosenSum / halves:F4}; 4 flips on the same halves {flipsSum / halves:F4}"));
                for (int k = 0; k < candidates.Length; k++)
                {
                    Console.WriteLine(Invariant($"  {candidates[k].Name}: chosen {chosenCount[k]} times"));
                }
            }

            return 0;
        }

    case "prior-sweep":
        {
            // Scores p(c) * prior(c)^beta for a range of beta, with the prior counted on the train split.
            IReadOnlyList<LabeledImage> images = DermaMnistDataSet.Load(args[1], args[2]);
            int[] trainLabels = DermaMnistDataSet.Load(args[1], "train").Select(i => i.Label).ToArray();
            double[] prior = Enumerable.Range(0, ConditionClasses.Count)
                .Select(c => (double)trainLabels.Count(l => l == c) / trainLabels.Length).ToArray();
            (ConditionModelInfo info, ConditionNetwork network) = ConditionModelFiles.Load(args[3]);
            using (network)
            {
                int[] labels = images.Select(i => i.Label).ToArray();
                float[][] raw = ConditionTraining.PredictImages(network, images, info.InputSize, 32, out _, info.FlipAverage);
                for (double beta = 0; beta <= 0.801; beta += 0.05)
                {
                    float[][] adjusted = raw.Select(p =>
                    {
                        double[] w = p.Select((v, c) => v * Math.Pow(prior[c], beta)).ToArray();
                        double sum = w.Sum();
                        return w.Select(v => (float)(v / sum)).ToArray();
                    }).ToArray();
                    var metrics = ClassificationMetrics.Compute(labels, adjusted, ConditionClasses.Codes);
                    var referral = ReferralThreshold.Choose(labels, adjusted, 0.9);
                    Console.WriteLine(Invariant(
                        $"beta {beta:F2}: accuracy {metrics.Accuracy:F4}, balanced {metrics.BalancedAccuracy:F4}, AUC {metrics.MacroAuc:F4}, flag rate {referral.FlagRate:F4}"));
                }
            }

            return 0;
        }

    case "use-views":
        {
            ConditionTrainingResult result = ConditionTraining.UseViews(args[1], args[2], args[3]);
            Console.WriteLine(Invariant(
                $"val accuracy {result.Validation.Accuracy:F4}, balanced {result.Validation.BalancedAccuracy:F4}, AUC {result.Validation.MacroAuc:F4}, threshold {result.Referral.Threshold:F4}, flag rate {result.Referral.FlagRate:F4}"));
            return 0;
        }

    case "predict-speed":
        {
            // Times ConditionClassifier.Predict one image at a time, as the analysis calls it, for each model folder.
            string[] images = Directory.EnumerateFiles(Path.Combine(args[1], "images"), "*.jpg").Order().Take(Int(args[2])).ToArray();
            foreach (string model in args.Skip(3))
            {
                using var classifier = new ConditionClassifier(model);
                classifier.Predict(images[0]);
                var process = System.Diagnostics.Process.GetCurrentProcess();
                TimeSpan cpuBefore = process.TotalProcessorTime;
                var clock = System.Diagnostics.Stopwatch.StartNew();
                foreach (string image in images)
                {
                    classifier.Predict(image);
                }

                process.Refresh();
                double cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / images.Length;
                Console.WriteLine(Invariant(
                    $"{model}: {clock.Elapsed.TotalMilliseconds / images.Length:F1} ms wall, {cpu:F1} ms CPU per image ({images.Length} images)"));
            }

            return 0;
        }

    case "measure-step":
        {
            TimeSpan step = ConditionTraining.MeasureFineTuningStep(Int(args[1]), Int(args[2]), Int(args[3]));
            Console.WriteLine(Invariant($"{args[1]} px, batch {args[2]}: {step.TotalSeconds:F2} s per step"));
            return 0;
        }

    default:
        Console.Error.WriteLine($"Unknown command '{args[0]}'; see the header of tools/learning/condition.cs.");
        return 2;
}

static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);

static double Double(string text) => double.Parse(text, CultureInfo.InvariantCulture);

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
