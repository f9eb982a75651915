using System.Diagnostics;
using Skinsight.Learning.Backbone;
using Skinsight.Learning.Condition;
using Skinsight.Learning.Data;
using Skinsight.Learning.Features;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Skinsight.Learning.Training;

/// <summary>
/// Fine-tunes the ImageNet ResNet-18 and a new classifier head together on labelled images, with augmentation, a
/// class-weighted loss and cosine-decayed learning rates, and keeps the weights of the epoch with the best
/// validation score. Used by the condition classifier and the acne grader.
/// </summary>
/// <remarks>
/// With a checkpoint folder, every finished epoch leaves the weights, optimiser states, random state and best
/// weights there. A second call with the same settings and images then resumes after the last finished epoch, and
/// it draws the same batches as an uninterrupted run.
/// </remarks>
internal static class ResNetFineTuning
{
    /// <summary>Images used to measure the feature mean and scale that the new head standardizes with.</summary>
    private const int StandardizationSampleCount = 256;

    /// <summary>Trains and returns the network with the best validation score, in evaluation mode, with every epoch's scores.</summary>
    /// <param name="validate">Scores the network on the validation images: the value to keep the best by, and accuracy.</param>
    /// <exception cref="LearningException">The checkpoint folder contains a run with other settings or images.</exception>
    public static FineTuningResult Train(
        IReadOnlyList<LabeledImage> train,
        IReadOnlyList<LabeledImage> validation,
        FineTuningRun run,
        Func<ConditionNetwork, (double Score, double Accuracy)> validate,
        string? checkpointDirectory,
        IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken = default)
    {
        random.manual_seed(run.Seed);
        var shuffle = new Random(run.Seed);
        var clock = Stopwatch.StartNew();

        ConditionNetwork network = CreateNetwork(train, run, shuffle);
        Dictionary<string, Tensor>? best = null;
        string images = FineTuningCheckpoint.Fingerprint(train, validation);
        try
        {
            using var trainer = new EpochTrainer(network, train, run);
            var checkpoint = checkpointDirectory is null
                ? null
                : new FineTuningCheckpoint(checkpointDirectory, run, train.Count, validation.Count, images);
            FineTuningState state = checkpoint?.Resume(network, trainer.BackboneOptimizer, trainer.HeadOptimizer, out best)
                ?? FineTuningState.Start(run, train.Count, validation.Count, images);

            double secondsBefore = state.History.Sum(e => e.Seconds);

            // Each epoch's order draws one number per training image, so a resumed run replays the finished epochs'
            // draws to continue the same sequence.
            for (long draw = 0; draw < (long)state.EpochsDone * train.Count; draw++)
            {
                shuffle.Next();
            }

            for (int epoch = state.EpochsDone + 1; epoch <= run.Epochs; epoch++)
            {
                var epochClock = Stopwatch.StartNew();
                double loss = trainer.RunEpoch(shuffle, epoch, (batch, batches, meanLoss) => progress?.Report(
                    new TrainingProgress(epoch, run.Epochs, meanLoss, null, Elapsed(secondsBefore, clock), batch, batches)), cancellationToken);
                (double score, double accuracy) = validate(network);
                bool improved = state.BestScore is not { } bestScore
                    || score > bestScore
                    || (run.LaterEpochWinsTies && score == bestScore);
                if (improved)
                {
                    DisposeAll(best);
                    best = network.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());
                }

                state = state.After(new FineTuningEpoch(epoch, loss, score, accuracy, epochClock.Elapsed.TotalSeconds), improved);
                checkpoint?.Save(network, trainer.BackboneOptimizer, trainer.HeadOptimizer, improved, state);
                progress?.Report(new TrainingProgress(epoch, run.Epochs, loss, accuracy, Elapsed(secondsBefore, clock)));
            }

            network.load_state_dict(best!);
            network.eval();
            return new FineTuningResult(network, state.BestEpoch, state.History);
        }
        catch
        {
            network.Dispose();
            throw;
        }
        finally
        {
            DisposeAll(best);
        }
    }

    /// <summary>
    /// Returns the mean wall-clock time of one training step (augmentation, forward, backward, update) on random
    /// images, after one warm-up step, so the epoch time can be estimated before a long run.
    /// </summary>
    public static TimeSpan MeasureStep(int inputSize, int batchSize, int classCount, int steps)
    {
        using var network = new ConditionNetwork(
            new ResNet18Backbone(),
            new ClassifierHead(ResNet18Backbone.FeatureCount, classCount));
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
            Tensor target = randint(0, classCount, [batchSize]);
            optimizer.zero_grad();
            Tensor loss = nn.functional.cross_entropy(network.forward(Augmentation.Apply(input, 15, 0.1)), target);
            loss.backward();
            optimizer.step();
        }

        return clock.Elapsed / Math.Max(steps, 1);
    }

    private static ConditionNetwork CreateNetwork(IReadOnlyList<LabeledImage> train, FineTuningRun run, Random shuffle)
    {
        ResNet18Backbone backbone = PretrainedResNet18.Create();
        var head = new ClassifierHead(ResNet18Backbone.FeatureCount, run.ClassCount, run.HiddenUnits, run.DropoutRate);

        LabeledImage[] sample = train.OrderBy(_ => shuffle.Next()).Take(StandardizationSampleCount).ToArray();
        FeatureSet features = FeatureExtractor.Extract(backbone, sample, run.InputSize, run.BatchSize);
        (float[] mean, float[] scale) = FeatureStatistics.Standardization(features.Features);
        head.SetStandardization(mean, scale);
        return new ConditionNetwork(backbone, head);
    }

    /// <summary>Training time so far, the part before a resume included.</summary>
    private static TimeSpan Elapsed(double secondsBefore, Stopwatch clock) =>
        TimeSpan.FromSeconds(secondsBefore) + clock.Elapsed;

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
        private readonly FineTuningRun _run;
        private readonly Tensor _weights;

        public EpochTrainer(ConditionNetwork network, IReadOnlyList<LabeledImage> train, FineTuningRun run)
        {
            _network = network;
            _train = train;
            _run = run;
            FineTuningOptions tuning = run.Tuning;
            _weights = tensor(ClassWeights.FromLabels(train.Select(t => t.Label).ToArray(), run.ClassCount, tuning.ClassWeightPower));

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
            BackboneOptimizer = optim.AdamW(trainable, tuning.BackboneLearningRate, weight_decay: tuning.WeightDecay);
            HeadOptimizer = optim.AdamW(network.Head.parameters(), tuning.HeadLearningRate, weight_decay: tuning.WeightDecay);
        }

        public OptimizerHelper BackboneOptimizer { get; }

        public OptimizerHelper HeadOptimizer { get; }

        /// <summary>Trains one epoch with cosine-decayed learning rates and returns the mean batch loss.</summary>
        /// <param name="reportBatch">Called after each batch with the batch number, the batch count and the mean loss so far.</param>
        public double RunEpoch(Random shuffle, int epoch, Action<int, int, double> reportBatch, CancellationToken cancellationToken)
        {
            double decay = 0.5 * (1 + Math.Cos(Math.PI * (epoch - 1) / _run.Epochs));
            LearningRateSchedule.Apply(BackboneOptimizer, _run.Tuning.BackboneLearningRate * decay);
            LearningRateSchedule.Apply(HeadOptimizer, _run.Tuning.HeadLearningRate * decay);

            _network.train();
            LabeledImage[] order = _train.OrderBy(_ => shuffle.Next()).ToArray();
            int batches = (order.Length + _run.BatchSize - 1) / _run.BatchSize;
            double lossSum = 0;
            for (int batch = 0; batch < batches; batch++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                int start = batch * _run.BatchSize;
                int count = Math.Min(_run.BatchSize, order.Length - start);
                Tensor images = ImageBatch.Load(order, start, count, _run.InputSize);
                Tensor input = Augmentation.Apply(images, _run.Tuning.MaxRotationDegrees, _run.Tuning.ColourJitter);
                Tensor target = tensor(order.Skip(start).Take(count).Select(i => (long)i.Label).ToArray());

                BackboneOptimizer.zero_grad();
                HeadOptimizer.zero_grad();
                Tensor loss = nn.functional.cross_entropy(_network.forward(input), target, _weights);
                loss.backward();
                BackboneOptimizer.step();
                HeadOptimizer.step();
                lossSum += loss.item<float>();
                reportBatch(batch + 1, batches, lossSum / (batch + 1));
            }

            return lossSum / batches;
        }

        public void Dispose()
        {
            _weights.Dispose();
            BackboneOptimizer.Dispose();
            HeadOptimizer.Dispose();
        }
    }
}
