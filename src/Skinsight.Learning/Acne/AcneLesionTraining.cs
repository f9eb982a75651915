using System.Globalization;
using System.Diagnostics;
using Skinsight.Learning.Backbone;
using Skinsight.Learning.Condition;
using Skinsight.Learning.Data;
using Skinsight.Learning.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Skinsight.Learning.Acne;

/// <summary>Settings of a lesion-detector training run.</summary>
/// <param name="InputSize">Side of the square that whole photos are stretched to, a multiple of 32.</param>
/// <param name="CropSize">Side of the training crops cut from the stretched photos, a multiple of 32.</param>
/// <param name="MinScale">Smallest zoom of a crop; a crop at zoom s covers CropSize / s input pixels.</param>
/// <param name="MaxScale">Largest zoom of a crop.</param>
public sealed record AcneLesionTrainingOptions(
    int Epochs = 12,
    int Seed = 1,
    int BatchSize = 16,
    int InputSize = 640,
    int CropSize = 320,
    double MinScale = 0.8,
    double MaxScale = 1.25,
    double BackboneLearningRate = 2e-4,
    double HeadLearningRate = 1e-3,
    double WeightDecay = 1e-4,
    double ColourJitter = 0.1,
    double SizeLossWeight = 0.5,
    double TypeLossWeight = 0.5,
    double DensityLossWeight = 100,
    double CountLossWeight = 0.1)
{
    /// <summary>The run as the fine-tuning checkpoint records it, so that a checkpoint resumes only these settings.</summary>
    internal FineTuningRun ToCheckpointRun() => new(
        AcneLesionTypes.Count,
        InputSize,
        BatchSize,
        Epochs,
        Seed,
        new FineTuningOptions(BackboneLearningRate, HeadLearningRate, WeightDecay, ClassWeightPower: 0,
            MaxRotationDegrees: 0, ColourJitter: ColourJitter),
        Variant: string.Create(CultureInfo.InvariantCulture,
            $"lesion detector: crops of {CropSize} px at zoom {MinScale}-{MaxScale}, size loss x{SizeLossWeight}, "
            + $"type loss x{TypeLossWeight}, density loss x{DensityLossWeight}, count loss x{CountLossWeight}"));
}

/// <summary>Loss and validation scores after one epoch of lesion-detector training.</summary>
/// <param name="ValidationCountMae">Lowest mean absolute count error on val over the candidate thresholds.</param>
/// <param name="ValidationAccuracy">Grade accuracy on val at the threshold of that error.</param>
public sealed record AcneLesionEpoch(int Epoch, double Loss, double ValidationCountMae, double ValidationAccuracy, double Seconds);

/// <summary>The trained detector network, the epoch it comes from and every epoch's scores.</summary>
public sealed record AcneLesionTrainingResult(
    AcneLesionNetwork Network, int BestEpoch, IReadOnlyList<AcneLesionEpoch> History, double Seconds);

/// <summary>
/// Trains <see cref="AcneLesionNetwork"/> from the ImageNet ResNet-18 on annotated ACNE04 photos: random zoomed and
/// mirrored crops, colour jitter, a focal loss on the centre grid, L1 and cross-entropy losses on the box size and
/// type at each centre, and squared and count errors on the density. After each epoch the whole val photos are
/// counted; the epoch with the lowest count error is kept.
/// </summary>
public static class AcneLesionTraining
{
    /// <param name="checkpointDirectory">
    /// Folder for a checkpoint after every epoch, or null for none. A second call with the same settings and photos
    /// resumes after the last finished epoch and draws the same crops.
    /// </param>
    /// <exception cref="ArgumentException">A size is not a multiple of 32, or the crop is larger than the input.</exception>
    /// <exception cref="LearningException">The checkpoint folder contains a run with other settings or photos.</exception>
    public static AcneLesionTrainingResult Train(
        IReadOnlyList<AcneLesionPhoto> train,
        IReadOnlyList<AcneLesionPhoto> validation,
        AcneLesionTrainingOptions options,
        string? checkpointDirectory,
        IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(options);
        if (options.InputSize % 32 != 0 || options.CropSize % 32 != 0 || options.CropSize > options.InputSize)
        {
            throw new ArgumentException(
                $"Input size {options.InputSize} and crop size {options.CropSize} must be multiples of 32, the crop no larger.",
                nameof(options));
        }

        var draws = new Random(options.Seed);
        var clock = Stopwatch.StartNew();
        ResNet18Backbone pretrained = PretrainedResNet18.Create(AcneLesionNetwork.BackboneStages);

        // Seeded after the backbone, so the new layers start the same however the backbone was built.
        random.manual_seed(options.Seed);
        var network = new AcneLesionNetwork(pretrained);
        Dictionary<string, Tensor>? best = null;
        try
        {
            HashSet<Parameter> backbone = new(network.Backbone.MidLevelParameters, ReferenceEqualityComparer.Instance);
            List<Parameter> heads = network.UsedParameters.Where(p => !backbone.Contains(p)).ToList();
            using var backboneOptimizer = optim.AdamW(backbone, options.BackboneLearningRate, weight_decay: options.WeightDecay);
            using var headOptimizer = optim.AdamW(heads, options.HeadLearningRate, weight_decay: options.WeightDecay);

            FineTuningRun run = options.ToCheckpointRun();
            string photos = Fingerprint(train, validation);
            var checkpoint = checkpointDirectory is null
                ? null
                : new FineTuningCheckpoint(checkpointDirectory, run, train.Count, validation.Count, photos);
            FineTuningState state = checkpoint?.Resume(network, backboneOptimizer, headOptimizer, out best)
                ?? FineTuningState.Start(run, train.Count, validation.Count, photos);
            double secondsBefore = state.History.Sum(e => e.Seconds);

            // Each epoch's crops come from the same generator, so a resumed run draws the finished epochs again.
            for (int epoch = 1; epoch <= state.EpochsDone; epoch++)
            {
                DrawEpoch(train.Count, options, draws);
            }

            StretchedPhoto[] trainPhotos = Stretch(train, options.InputSize);
            StretchedPhoto[] valPhotos = Stretch(validation, options.InputSize);
            int batches = (trainPhotos.Length + options.BatchSize - 1) / options.BatchSize;
            for (int epoch = state.EpochsDone + 1; epoch <= options.Epochs; epoch++)
            {
                var epochClock = Stopwatch.StartNew();
                network.train();
                CropDraw[] crops = DrawEpoch(trainPhotos.Length, options, draws);
                double lossSum = 0;
                for (int batch = 0; batch < batches; batch++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    double decay = 0.5 * (1 + Math.Cos(Math.PI * (epoch - 1 + ((double)batch / batches)) / options.Epochs));
                    LearningRateSchedule.Apply(backboneOptimizer, options.BackboneLearningRate * decay);
                    LearningRateSchedule.Apply(headOptimizer, options.HeadLearningRate * decay);

                    using var scope = NewDisposeScope();
                    int start = batch * options.BatchSize;
                    int count = Math.Min(options.BatchSize, crops.Length - start);
                    (Tensor input, Targets targets) = Crops(trainPhotos, crops.AsSpan(start, count), options);
                    backboneOptimizer.zero_grad();
                    headOptimizer.zero_grad();
                    Tensor loss = Loss(network.forward(input), targets, options);
                    loss.backward();
                    backboneOptimizer.step();
                    headOptimizer.step();
                    lossSum += loss.item<float>();
                    progress?.Report(new TrainingProgress(epoch, options.Epochs, lossSum / (batch + 1), null,
                        TimeSpan.FromSeconds(secondsBefore) + clock.Elapsed, batch + 1, batches));
                }

                (double mae, double accuracy) = Validate(network, valPhotos, options.InputSize);

                // The checkpoint keeps the best weights by the highest score, so the score is the negative error.
                var finished = new FineTuningEpoch(epoch, lossSum / batches, -mae, accuracy, epochClock.Elapsed.TotalSeconds);
                bool improved = state.BestScore is not { } bestScore || finished.Score > bestScore;
                if (improved)
                {
                    DisposeAll(best);
                    best = network.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());
                }

                state = state.After(finished, improved);
                checkpoint?.Save(network, backboneOptimizer, headOptimizer, improved, state);
                progress?.Report(new TrainingProgress(epoch, options.Epochs, finished.TrainLoss, accuracy,
                    TimeSpan.FromSeconds(secondsBefore) + clock.Elapsed));
            }

            network.load_state_dict(best!);
            network.eval();
            List<AcneLesionEpoch> history = [.. state.History.Select(e =>
                new AcneLesionEpoch(e.Epoch, e.TrainLoss, -e.Score, e.ValidationAccuracy, e.Seconds))];
            return new AcneLesionTrainingResult(network, state.BestEpoch, history, history.Sum(e => e.Seconds));
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

    /// <summary>The lesion count of each photo: its density summed over the photo.</summary>
    public static List<double> Counts(AcneLesionNetwork network, IEnumerable<float[]> photos, int inputSize, bool mirrorAverage)
    {
        ArgumentNullException.ThrowIfNull(network);
        network.eval();
        var counts = new List<double>();
        foreach (float[] rgb in photos)
        {
            AcneLesionMaps maps = AcneLesionDetector.Run(network, rgb, inputSize, mirrorAverage);
            maps.Output.Dispose();
            counts.Add(maps.Count);
        }

        return counts;
    }

    /// <summary>Mean absolute error of the rounded counts, and the share of photos whose Hayashi grade of the count is the labelled grade.</summary>
    public static (double CountMae, double Accuracy) Score(IReadOnlyList<double> counts, IReadOnlyList<int> labelledCounts, IReadOnlyList<int> labelledGrades)
    {
        ArgumentNullException.ThrowIfNull(counts);
        double errors = 0;
        int correct = 0;
        for (int i = 0; i < counts.Count; i++)
        {
            int count = AcneLesionDetector.RoundCount(counts[i]);
            errors += Math.Abs(count - labelledCounts[i]);
            correct += AcneLesionDetector.HayashiGrade(count) == labelledGrades[i] ? 1 : 0;
        }

        return (errors / Math.Max(1, counts.Count), (double)correct / Math.Max(1, counts.Count));
    }

    private static (double CountMae, double Accuracy) Validate(AcneLesionNetwork network, StretchedPhoto[] photos, int inputSize) =>
        Score(
            Counts(network, photos.Select(p => p.ToFloats()), inputSize, mirrorAverage: false),
            photos.Select(p => p.Lesions.Count).ToArray(),
            photos.Select(p => p.Grade).ToArray());

    private static StretchedPhoto[] Stretch(IReadOnlyList<AcneLesionPhoto> photos, int inputSize)
    {
        var stretched = new StretchedPhoto[photos.Count];
        ParallelDecoding.For(photos.Count, i =>
        {
            AcneLesionPhoto photo = photos[i];
            float[] rgb = ImageTensorLoader.Load(photo.Photo.ImagePath, inputSize);
            var bytes = new byte[rgb.Length];
            for (int k = 0; k < rgb.Length; k++)
            {
                bytes[k] = (byte)Math.Clamp(MathF.Round(rgb[k]), 0, 255);
            }

            float sx = (float)inputSize / photo.Width, sy = (float)inputSize / photo.Height;
            var lesions = photo.Lesions
                .Select(l => new AcneLesion(l.X * sx, l.Y * sy, l.Width * sx, l.Height * sy, l.Type))
                .ToList();
            stretched[i] = new StretchedPhoto(bytes, inputSize, lesions, photo.Photo.Grade);
        });
        return stretched;
    }

    /// <summary>
    /// Draws one epoch's crops: the order of the photos, then for each its zoom, position, mirror and colour jitter,
    /// always with the same calls, so a resumed run can draw the finished epochs again.
    /// </summary>
    private static CropDraw[] DrawEpoch(int photoCount, AcneLesionTrainingOptions options, Random draws)
    {
        int[] order = Enumerable.Range(0, photoCount).OrderBy(_ => draws.Next()).ToArray();
        var crops = new CropDraw[photoCount];
        for (int i = 0; i < photoCount; i++)
        {
            double scale = options.MinScale * Math.Pow(options.MaxScale / options.MinScale, draws.NextDouble());
            int region = Math.Min(options.InputSize, (int)Math.Round(options.CropSize / scale));
            int left = draws.Next(options.InputSize - region + 1);
            int top = draws.Next(options.InputSize - region + 1);
            bool mirror = draws.Next(2) == 1;
            double brightness = 1 + (options.ColourJitter * ((2 * draws.NextDouble()) - 1));
            double contrast = 1 + (options.ColourJitter * ((2 * draws.NextDouble()) - 1));
            crops[i] = new CropDraw(order[i], region, left, top, mirror, brightness, contrast);
        }

        return crops;
    }

    private static (Tensor Input, Targets Targets) Crops(
        StretchedPhoto[] photos, ReadOnlySpan<CropDraw> draws, AcneLesionTrainingOptions options)
    {
        int crop = options.CropSize, side = crop / AcneLesionNetwork.Stride, cells = side * side;
        var images = new List<Tensor>(draws.Length);
        var centres = new float[draws.Length * cells];
        var sizes = new float[draws.Length * 2 * cells];
        var types = new long[draws.Length * cells];
        var density = new float[draws.Length * cells];
        for (int i = 0; i < draws.Length; i++)
        {
            (int index, int region, int left, int top, bool mirror, double brightness, double contrast) = draws[i];
            StretchedPhoto photo = photos[index];
            Tensor whole = tensor(photo.Pixels, [1, 3, photo.Size, photo.Size]).to_type(ScalarType.Float32);
            Tensor cut = whole[.., .., TensorIndex.Slice(top, top + region), TensorIndex.Slice(left, left + region)];
            Tensor image = nn.functional.interpolate(cut, [crop, crop], mode: InterpolationMode.Bilinear, align_corners: false);
            if (mirror)
            {
                image = image.flip(3);
            }

            Tensor mean = image.mean();
            image = (((image - mean) * contrast) + mean) * brightness;
            images.Add(image.clamp(0, 255));

            float zoom = (float)crop / region;
            IEnumerable<AcneLesion> inCrop = photo.Lesions.Select(l =>
            {
                float x = (l.X - left) * zoom, width = l.Width * zoom;
                return new AcneLesion(mirror ? crop - x - width : x, (l.Y - top) * zoom, width, l.Height * zoom, l.Type);
            });
            AcneLesionTargets targets = AcneLesionTargets.Build(inCrop, crop);
            targets.Centres.CopyTo(centres, i * cells);
            targets.Sizes.CopyTo(sizes, i * 2 * cells);
            targets.Types.CopyTo(types, i * cells);
            targets.Density.CopyTo(density, i * cells);
        }

        return (cat(images, 0), new Targets(
            tensor(centres, [draws.Length, side, side]),
            tensor(sizes, [draws.Length, 2, side, side]),
            tensor(types, [draws.Length, side, side]),
            tensor(density, [draws.Length, side, side])));
    }

    /// <summary>
    /// Returns the weighted sum of five losses. The centre loss is the focal loss of CenterNet (alpha 2, beta 4),
    /// divided by the number of centres. At the centres, the log box size has an L1 loss and the type a cross-entropy.
    /// The density has the squared error per cell and the absolute error of its sum over each crop.
    /// </summary>
    private static Tensor Loss(Tensor output, Targets targets, AcneLesionTrainingOptions options)
    {
        Tensor logits = output.select(1, AcneLesionNetwork.CentreChannel);
        Tensor p = logits.sigmoid().clamp(1e-4, 1 - 1e-4);
        Tensor positive = targets.Centres.eq(1).to_type(ScalarType.Float32);
        Tensor negative = 1 - positive;
        Tensor positiveLoss = -(p.log() * (1 - p).pow(2) * positive).sum();
        Tensor negativeLoss = -((1 - p).log() * p.pow(2) * (1 - targets.Centres).pow(4) * negative).sum();
        Tensor centres = positive.sum().clamp_min(1);
        Tensor loss = (positiveLoss + negativeLoss) / centres;

        Tensor sizes = output.narrow(1, AcneLesionNetwork.SizeChannel, 2);
        Tensor sizeLoss = ((sizes - targets.Sizes).abs() * positive.unsqueeze(1)).sum() / centres;
        loss += options.SizeLossWeight * sizeLoss;

        Tensor density = nn.functional.softplus(output.select(1, AcneLesionNetwork.DensityChannel));
        loss += options.DensityLossWeight * nn.functional.mse_loss(density, targets.Density);
        Tensor countError = (density.sum([1, 2]) - targets.Density.sum([1, 2])).abs().mean();
        loss += options.CountLossWeight * countError;

        if (targets.Types.ne(AcneLesionTargets.NoType).any().item<bool>())
        {
            Tensor typeLogits = output.narrow(1, AcneLesionNetwork.TypeChannel, AcneLesionTypes.Count);
            loss += options.TypeLossWeight * nn.functional.cross_entropy(typeLogits, targets.Types, ignore_index: AcneLesionTargets.NoType);
        }

        return loss;
    }

    private static void DisposeAll(Dictionary<string, Tensor>? tensors)
    {
        foreach (Tensor t in tensors?.Values ?? Enumerable.Empty<Tensor>())
        {
            t.Dispose();
        }
    }

    /// <summary>A photo stretched to the input size, as bytes in [3, size, size] order, with its lesions in those pixels.</summary>
    private sealed record StretchedPhoto(byte[] Pixels, int Size, IReadOnlyList<AcneLesion> Lesions, int Grade)
    {
        public float[] ToFloats() => Array.ConvertAll(Pixels, b => (float)b);
    }

    /// <summary>Hash of each photo's split, file and boxes, so a checkpoint resumes only on the same photos.</summary>
    private static string Fingerprint(IReadOnlyList<AcneLesionPhoto> train, IReadOnlyList<AcneLesionPhoto> validation) =>
        FineTuningCheckpoint.Fingerprint(train.Concat(validation).Select(p => string.Join('\t',
            p.Lesions.Select(l => FormattableString.Invariant($"{l.X},{l.Y},{l.Width},{l.Height},{l.Type}"))
                .Prepend(p.Photo.ImageFile).Prepend(p.Photo.Split))));

    private sealed record Targets(Tensor Centres, Tensor Sizes, Tensor Types, Tensor Density);

    /// <summary>One training crop: the photo, the side and corner of its square region, and its augmentation.</summary>
    private readonly record struct CropDraw(
        int Photo, int Region, int Left, int Top, bool Mirror, double Brightness, double Contrast);
}
