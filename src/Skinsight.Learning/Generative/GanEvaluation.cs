using System.Diagnostics;
using MathNet.Numerics.LinearAlgebra;
using Skinsight.Learning.Backbone;
using Skinsight.Learning.Data;
using static TorchSharp.torch;

namespace Skinsight.Learning.Generative;

/// <summary>How close a GAN's images are to real ones, in ResNet-18 feature space.</summary>
/// <param name="Fid">Fréchet distance between generated images and one half of the real images.</param>
/// <param name="RealVersusRealFid">The same distance between the two real halves: the floor a perfect generator would reach at this sample size.</param>
/// <param name="ResolutionFloorFid">
/// For generators below 64 pixels: the distance of real images brought down to the generator's size, the best such a
/// generator can do. Null for 64-pixel generators.
/// </param>
/// <param name="Precision">Share of generated images inside the real images' k-nearest-neighbour manifold (k = 3): realism.</param>
/// <param name="Recall">Share of real images inside the generated images' manifold: coverage; low recall means mode collapse.</param>
/// <param name="GeneratedMedianNeighbourDistance">Median distance from a generated image to its nearest other generated image.</param>
/// <param name="RealMedianNeighbourDistance">The same among real images; a much smaller generated value means near-copies.</param>
public sealed record GanEvaluationReport(
    GanArchitecture Architecture,
    bool Conditional,
    int EpochsTrained,
    int N,
    double Fid,
    double RealVersusRealFid,
    double? ResolutionFloorFid,
    double Precision,
    double Recall,
    double GeneratedMedianNeighbourDistance,
    double RealMedianNeighbourDistance,
    double Seconds);

/// <summary>Scores a GAN against real images with the Fréchet distance and k-nearest-neighbour precision and recall.</summary>
public static class GanEvaluation
{
    private const int NeighbourK = 3;
    private const int FeatureBatch = 32;

    /// <summary>
    /// Draws up to <paramref name="maxImages"/> real images (seeded), splits them into two halves, generates as many
    /// images as one half with the same class mix, and compares them in ResNet-18 features.
    /// </summary>
    public static GanEvaluationReport Evaluate(
        GanModel model,
        IReadOnlyList<LabeledImage> realImages,
        ResNet18Backbone backbone,
        int maxImages = 2000,
        int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(realImages);
        ArgumentNullException.ThrowIfNull(backbone);
        if (realImages.Count < 2 * (NeighbourK + 1))
        {
            throw new LearningException(
                $"Scoring a GAN needs at least {2 * (NeighbourK + 1)} real images; the data has {realImages.Count}.");
        }

        var clock = Stopwatch.StartNew();
        var shuffled = realImages.ToArray();
        new Random(seed).Shuffle(shuffled);
        int half = Math.Min(maxImages, shuffled.Length) / 2;
        LabeledImage[] first = shuffled[..half];
        LabeledImage[] second = shuffled[half..(2 * half)];
        const int realSize = 64;

        float[][] firstFeatures = Features(backbone, PatchLoader.Load(first, realSize), half, realSize);
        float[][] secondFeatures = Features(backbone, PatchLoader.Load(second, realSize), half, realSize);
        GanSpec spec = model.Info.Spec;
        long[] labels = second.Select(i => spec.Conditional ? (long)i.Label : 0L).ToArray();
        float[][] generated = Features(backbone, model.Sample(labels, seed), half, spec.ImageSize);

        double? resolutionFloor = spec.ImageSize < realSize
            ? FrechetDistance(Features(backbone, PatchLoader.Load(first, spec.ImageSize), half, spec.ImageSize), secondFeatures)
            : null;
        (double precision, double recall) = PrecisionRecall(secondFeatures, generated);
        return new GanEvaluationReport(
            spec.Architecture,
            spec.Conditional,
            model.Info.EpochsCompleted,
            half,
            FrechetDistance(generated, secondFeatures),
            FrechetDistance(firstFeatures, secondFeatures),
            resolutionFloor,
            precision,
            recall,
            MedianNeighbourDistance(generated),
            MedianNeighbourDistance(firstFeatures),
            clock.Elapsed.TotalSeconds);
    }

    /// <summary>Returns the 512 ResNet-18 features of RGB byte images [count, 3, size, size], scaled to 224 pixels.</summary>
    public static float[][] Features(ResNet18Backbone backbone, byte[] images, int count, int size)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentNullException.ThrowIfNull(images);
        backbone.eval();
        int length = 3 * size * size;
        var features = new float[count][];
        for (int start = 0; start < count; start += FeatureBatch)
        {
            int n = Math.Min(FeatureBatch, count - start);
            using var scope = NewDisposeScope();
            using var disabled = no_grad();
            Tensor batch = tensor(images.AsSpan(start * length, n * length).ToArray(), [n, 3, size, size])
                .to(ScalarType.Float32);
            Tensor scaled = nn.functional.interpolate(batch,
                size: [ResNet18Backbone.PretrainedSize, ResNet18Backbone.PretrainedSize],
                mode: InterpolationMode.Bilinear, align_corners: false);
            float[] output = backbone.forward(scaled).data<float>().ToArray();
            for (int i = 0; i < n; i++)
            {
                features[start + i] = output.AsSpan(i * ResNet18Backbone.FeatureCount, ResNet18Backbone.FeatureCount).ToArray();
            }
        }

        return features;
    }

    /// <summary>
    /// Fréchet distance between Gaussians fitted to two feature sets:
    /// |mean1 - mean2|² + trace(C1 + C2 - 2 (C1 C2)^½).
    /// </summary>
    /// <remarks>
    /// The trace of (C1 C2)^½ is the sum of square roots of the eigenvalues of C1^½ C2 C1^½, which is symmetric, so
    /// only symmetric eigendecompositions are needed.
    /// </remarks>
    public static double FrechetDistance(float[][] first, float[][] second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        (Vector<double> mean1, Matrix<double> covariance1) = MeanAndCovariance(first);
        (Vector<double> mean2, Matrix<double> covariance2) = MeanAndCovariance(second);
        var evd = covariance1.Evd(Symmetricity.Symmetric);
        Vector<double> roots = evd.EigenValues.Map(v => Math.Sqrt(Math.Max(v.Real, 0)));
        Matrix<double> root1 = evd.EigenVectors * Matrix<double>.Build.DiagonalOfDiagonalVector(roots) * evd.EigenVectors.Transpose();
        Matrix<double> product = root1 * covariance2 * root1;
        product = (product + product.Transpose()) / 2;
        double traceRoot = product.Evd(Symmetricity.Symmetric).EigenValues.Sum(v => Math.Sqrt(Math.Max(v.Real, 0)));
        double distance = (mean1 - mean2).DotProduct(mean1 - mean2)
            + covariance1.Trace() + covariance2.Trace() - (2 * traceRoot);
        return Math.Max(distance, 0);
    }

    /// <summary>
    /// Computes k-nearest-neighbour precision and recall. Each set's manifold is the union of balls around its points,
    /// each reaching that point's k-th nearest neighbour in the same set.
    /// </summary>
    public static (double Precision, double Recall) PrecisionRecall(float[][] real, float[][] generated)
    {
        using var scope = NewDisposeScope();
        Tensor realTensor = Stack(real);
        Tensor generatedTensor = Stack(generated);
        Tensor realRadii = KthNeighbourDistance(realTensor);
        Tensor generatedRadii = KthNeighbourDistance(generatedTensor);
        Tensor crossDistances = cdist(generatedTensor, realTensor);
        double precision = (crossDistances <= realRadii.unsqueeze(0)).any(1).to(ScalarType.Float32).mean().item<float>();
        double recall = (crossDistances.t() <= generatedRadii.unsqueeze(0)).any(1).to(ScalarType.Float32).mean().item<float>();
        return (precision, recall);
    }

    private static Tensor KthNeighbourDistance(Tensor points)
    {
        Tensor distances = cdist(points, points);
        // The smallest distance is each point to itself, so the k-th neighbour is at index k.
        return distances.kthvalue(NeighbourK + 1, 1).values;
    }

    private static double MedianNeighbourDistance(float[][] points)
    {
        using var scope = NewDisposeScope();
        Tensor values = Stack(points);
        Tensor distances = cdist(values, values) + (eye(points.Length) * float.MaxValue);
        return distances.min(1).values.median().item<float>();
    }

    private static Tensor Stack(float[][] rows) =>
        tensor(rows.SelectMany(r => r).ToArray(), [rows.Length, rows[0].Length]);

    private static (Vector<double> Mean, Matrix<double> Covariance) MeanAndCovariance(float[][] rows)
    {
        if (rows.Length < 2)
        {
            throw new LearningException("The Fréchet distance needs at least two images per set.");
        }

        Matrix<double> data = Matrix<double>.Build.Dense(rows.Length, rows[0].Length, (i, j) => rows[i][j]);
        Vector<double> mean = data.ColumnSums() / rows.Length;
        Matrix<double> centred = data - Matrix<double>.Build.Dense(rows.Length, mean.Count, (_, j) => mean[j]);
        return (mean, centred.TransposeThisAndMultiply(centred) / (rows.Length - 1));
    }
}
