using System.Diagnostics;
using Skinsight.Learning.Backbone;
using Skinsight.Learning.Data;
using static TorchSharp.torch;

namespace Skinsight.Learning.Features;

/// <summary>Progress of a feature extraction: images done, total, and throughput so far.</summary>
public sealed record ExtractionProgress(int Done, int Total, double ImagesPerSecond);

/// <summary>Runs a frozen backbone over labelled images in batches and collects the 512 features of each.</summary>
public static class FeatureExtractor
{
    /// <summary>Extracts features of <paramref name="images"/> at <paramref name="size"/> x <paramref name="size"/> pixels.</summary>
    /// <param name="horizontalFlip">Averages the features of each image and its mirror image when true.</param>
    public static FeatureSet Extract(
        ResNet18Backbone backbone,
        IReadOnlyList<LabeledImage> images,
        int size,
        int batchSize,
        bool horizontalFlip = false,
        IProgress<ExtractionProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);

        backbone.eval();
        var features = new float[images.Count][];
        var clock = Stopwatch.StartNew();
        for (int start = 0; start < images.Count; start += batchSize)
        {
            int count = Math.Min(batchSize, images.Count - start);
            float[] output = Run(backbone, images, start, count, size, horizontalFlip);
            for (int i = 0; i < count; i++)
            {
                features[start + i] = output.AsSpan(i * ResNet18Backbone.FeatureCount, ResNet18Backbone.FeatureCount).ToArray();
            }

            int done = start + count;
            progress?.Report(new ExtractionProgress(done, images.Count, done / clock.Elapsed.TotalSeconds));
        }

        return new FeatureSet(images.Select(i => i.ImageId).ToList(), images.Select(i => i.Label).ToList(), features);
    }

    private static float[] Run(
        ResNet18Backbone backbone,
        IReadOnlyList<LabeledImage> images,
        int start,
        int count,
        int size,
        bool horizontalFlip)
    {
        using var scope = NewDisposeScope();
        using var disabled = no_grad();
        Tensor input = ImageBatch.Load(images, start, count, size);
        Tensor output = backbone.forward(input);
        if (horizontalFlip)
        {
            output = (output + backbone.forward(input.flip(3))) / 2;
        }

        return output.data<float>().ToArray();
    }
}
