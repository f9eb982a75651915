using System.Diagnostics;
using Skinsight.Learning.Backbone;
using Skinsight.Learning.Data;
using Skinsight.Learning.Evaluation;
using Skinsight.Learning.Features;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Skinsight.Learning.Condition;

/// <summary>
/// Fine-tunes the pretrained backbone and a new head together, with augmentation and a class-weighted loss, and
/// keeps the weights of the epoch with the best mean of validation accuracy and balanced accuracy.
/// </summary>
internal static class FineTuner
{
    /// <summary>Images used to measure the feature mean and scale that the new head standardizes with.</summary>
    private const int StandardizationSampleCount = 256;

    public static ConditionNetwork Train(
        IReadOnlyList<LabeledImage> train,
        IReadOnlyList<LabeledImage> validation,
        int epochs,
        int seed,
        IProgress<TrainingProgress>? progress,
        ConditionTrainingOptions options)
    {
        FineTuningOptions tuning = options.FineTuning ?? new FineTuningOptions();
        random.manual_seed(seed);
        var shuffle = new Random(seed);
        var clock = Stopwatch.StartNew();

        ConditionNetwork network = CreateNetwork(train, options, shuffle);
        try
        {
            using var trainer = new EpochTrainer(network, train, options, tuning);
            int[] labels = validation.Select(v => v.Label).ToArray();
            double bestScore = double.NegativeInfinity;
            Dictionary<string, Tensor>? best = null;
            for (int epoch = 1; epoch <= epochs; epoch++)
            {
                double loss = trainer.RunEpoch(shuffle, epochs, epoch);
                float[][] probabilities = ConditionTraining.PredictImages(network, validation, options.InputSize, options.BatchSize, out _);
                var metrics = ClassificationMetrics.Compute(labels, probabilities, ConditionClasses.Codes);
                SaveCheckpoint(network, tuning.CheckpointDirectory, epoch);

                double score = (metrics.Accuracy + metrics.BalancedAccuracy) / 2;
                if (score > bestScore)
                {
                    bestScore = score;
                    DisposeAll(best);
                    best = network.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());
                }

                progress?.Report(new TrainingProgress(epoch, epochs, loss, metrics.Accuracy, clock.Elapsed));
            }

            network.load_state_dict(best!);
            DisposeAll(best);
            network.eval();
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Returns the mean wall-clock time of one training step (forward, backward, update) on random images, after one
    /// warm-up step, so the epoch time can be estimated before a long run.
    /// </summary>
    public static TimeSpan MeasureStep(int inputSize, int batchSize, int steps)
    {
        using var network = new ConditionNetwork(
            new ResNet18Backbone(),
            new ClassifierHead(ResNet18Backbone.FeatureCount, ConditionClasses.Count));
        network.train();
        using var optimizer = optim.AdamW(network.parameters(), 1e-4);
        var clock = new Stopwatch();
        for (int step = 0; step <= steps; step++)
        {
            using var scope = NewDisposeScope();
            if (step == 1)
            {
                clock.Start();
            }

            Tensor input = rand(batchSize, 3, inputSize, inputSize) * 255;
            Tensor target = randint(0, ConditionClasses.Count, [batchSize]);
            optimizer.zero_grad();
            Tensor loss = nn.functional.cross_entropy(network.forward(Augmentation.Apply(input, 15, 0.1)), target);
            loss.backward();
            optimizer.step();
        }

        return clock.Elapsed / Math.Max(steps, 1);
    }

    private static ConditionNetwork CreateNetwork(IReadOnlyList<LabeledImage> train, ConditionTrainingOptions options, Random shuffle)
    {
        ResNet18Backbone backbone = PretrainedResNet18.Create();
        HeadTrainingOptions headOptions = options.Head ?? new HeadTrainingOptions();
        var head = new ClassifierHead(
            ResNet18Backbone.FeatureCount, ConditionClasses.Count, headOptions.HiddenUnits, headOptions.DropoutRate);

        LabeledImage[] sample = train.OrderBy(_ => shuffle.Next()).Take(StandardizationSampleCount).ToArray();
        FeatureSet features = FeatureExtractor.Extract(backbone, sample, options.InputSize, options.BatchSize);
        (float[] mean, float[] scale) = FeatureStatistics.Standardization(features.Features);
        head.SetStandardization(mean, scale);
        return new ConditionNetwork(backbone, head);
    }

    private static void SaveCheckpoint(ConditionNetwork network, string? directory, int epoch)
    {
        if (directory is null)
        {
            return;
        }

        Directory.CreateDirectory(directory);
        network.save(Path.Combine(directory, $"epoch-{epoch:D3}.bin"));
    }

    private static void DisposeAll(Dictionary<string, Tensor>? tensors)
    {
        foreach (Tensor t in tensors?.Values ?? Enumerable.Empty<Tensor>())
        {
            t.Dispose();
        }
    }

    /// <summary>Runs training epochs over one network with its optimizers and loss weights.</summary>
    private sealed class EpochTrainer : IDisposable
    {
        private readonly ConditionNetwork _network;
        private readonly IReadOnlyList<LabeledImage> _train;
        private readonly ConditionTrainingOptions _options;
        private readonly FineTuningOptions _tuning;
        private readonly Tensor _weights;
        private readonly OptimizerHelper _backboneOptimizer;
        private readonly OptimizerHelper _headOptimizer;

        public EpochTrainer(
            ConditionNetwork network,
            IReadOnlyList<LabeledImage> train,
            ConditionTrainingOptions options,
            FineTuningOptions tuning)
        {
            _network = network;
            _train = train;
            _options = options;
            _tuning = tuning;
            float[] weights = ClassWeights.FromLabels(train.Select(t => t.Label).ToArray(), ConditionClasses.Count, tuning.ClassWeightPower);
            _weights = tensor(weights);

            // Parameters are compared by reference because tensor equality is not identity.
            var frozen = new HashSet<Parameter>(ReferenceEqualityComparer.Instance);
            if (tuning.FrozenBlocks > 0)
            {
                frozen.UnionWith(network.Backbone.Stem.parameters());
                frozen.UnionWith(network.Backbone.Blocks.Take(tuning.FrozenBlocks).SelectMany(b => b.parameters()));
            }

            // NOTE: frozen layers still update their batch-norm running statistics, because the whole network is in
            // training mode; only their weights stay fixed.
            foreach (Parameter parameter in frozen)
            {
                parameter.requires_grad = false;
            }

            List<Parameter> trainable = network.Backbone.parameters().Where(p => !frozen.Contains(p)).ToList();

            _backboneOptimizer = optim.AdamW(trainable, tuning.BackboneLearningRate, weight_decay: tuning.WeightDecay);
            _headOptimizer = optim.AdamW(network.Head.parameters(), tuning.HeadLearningRate, weight_decay: tuning.WeightDecay);
        }

        /// <summary>Trains one epoch with cosine-decayed learning rates and returns the mean batch loss.</summary>
        public double RunEpoch(Random shuffle, int epochs, int epoch)
        {
            double decay = 0.5 * (1 + Math.Cos(Math.PI * (epoch - 1) / epochs));
            LearningRateSchedule.Apply(_backboneOptimizer, _tuning.BackboneLearningRate * decay);
            LearningRateSchedule.Apply(_headOptimizer, _tuning.HeadLearningRate * decay);

            _network.train();
            LabeledImage[] order = _train.OrderBy(_ => shuffle.Next()).ToArray();
            double lossSum = 0;
            int batches = 0;
            for (int start = 0; start < order.Length; start += _options.BatchSize)
            {
                using var scope = NewDisposeScope();
                int count = Math.Min(_options.BatchSize, order.Length - start);
                Tensor images = ImageBatch.Load(order, start, count, _options.InputSize);
                Tensor input = Augmentation.Apply(images, _tuning.MaxRotationDegrees, _tuning.ColourJitter);
                Tensor target = tensor(order.Skip(start).Take(count).Select(i => (long)i.Label).ToArray());

                _backboneOptimizer.zero_grad();
                _headOptimizer.zero_grad();
                Tensor loss = nn.functional.cross_entropy(_network.forward(input), target, _weights);
                loss.backward();
                _backboneOptimizer.step();
                _headOptimizer.step();
                lossSum += loss.item<float>();
                batches++;
            }

            return lossSum / batches;
        }

        public void Dispose()
        {
            _weights.Dispose();
            _backboneOptimizer.Dispose();
            _headOptimizer.Dispose();
        }
    }
}
