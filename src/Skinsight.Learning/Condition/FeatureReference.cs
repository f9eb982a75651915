using System.Buffers.Binary;
using MathNet.Numerics.LinearAlgebra;

namespace Skinsight.Learning.Condition;

/// <summary>
/// A Gaussian model of the backbone features of one kind of photo (for example dermoscopy close-ups), used to tell
/// whether a new photo is of that kind: its squared Mahalanobis distance from the mean is compared with a threshold.
/// </summary>
/// <remarks>
/// The covariance is shrunk towards a multiple of the identity, (1 − s) Σ + s · mean(diag Σ) · I, because 512
/// features estimated from a few thousand photos give a covariance that is nearly singular.
/// </remarks>
public sealed class FeatureReference
{
    private const uint Magic = 0x46524546; // "FERF" read little-endian
    private const int Version = 1;

    private readonly float[] _mean;
    private readonly float[] _precision;

    private FeatureReference(float[] mean, float[] precision, double threshold)
    {
        _mean = mean;
        _precision = precision;
        Threshold = threshold;
    }

    /// <summary>Number of features per photo.</summary>
    public int Dimension => _mean.Length;

    /// <summary>Squared distance above which a photo is taken not to be of the reference kind.</summary>
    public double Threshold { get; }

    /// <summary>Fits the mean and the shrunk covariance of <paramref name="features"/>.</summary>
    /// <param name="shrinkage">Weight s of the identity part, 0 to 1.</param>
    /// <param name="threshold">Squared distance above which a photo is not of this kind.</param>
    public static FeatureReference Fit(IReadOnlyList<float[]> features, double shrinkage, double threshold)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentOutOfRangeException.ThrowIfLessThan(features.Count, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(shrinkage);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shrinkage, 1);

        int dimension = features[0].Length;
        var data = Matrix<double>.Build.Dense(features.Count, dimension, (row, column) => features[row][column]);
        Vector<double> mean = data.ColumnSums() / features.Count;
        for (int row = 0; row < features.Count; row++)
        {
            data.SetRow(row, data.Row(row) - mean);
        }

        Matrix<double> covariance = data.TransposeThisAndMultiply(data) / (features.Count - 1);
        double scale = covariance.Diagonal().Average();
        Matrix<double> shrunk = (covariance * (1 - shrinkage)) + (Matrix<double>.Build.DenseIdentity(dimension) * (shrinkage * scale));
        Matrix<double> precision = shrunk.Inverse();
        return new FeatureReference(
            mean.Select(v => (float)v).ToArray(),
            precision.ToRowMajorArray().Select(v => (float)v).ToArray(),
            threshold);
    }

    /// <summary>Returns the same model with another threshold.</summary>
    public FeatureReference WithThreshold(double threshold) => new(_mean, _precision, threshold);

    /// <summary>Returns the squared Mahalanobis distance of <paramref name="features"/> from the mean.</summary>
    public double Distance(ReadOnlySpan<float> features)
    {
        if (features.Length != Dimension)
        {
            throw new ArgumentException($"Expected {Dimension} features but got {features.Length}.", nameof(features));
        }

        Span<double> centred = features.Length <= 1024 ? stackalloc double[features.Length] : new double[features.Length];
        for (int i = 0; i < centred.Length; i++)
        {
            centred[i] = features[i] - _mean[i];
        }

        double sum = 0;
        for (int row = 0; row < centred.Length; row++)
        {
            ReadOnlySpan<float> precisionRow = _precision.AsSpan(row * Dimension, Dimension);
            double dot = 0;
            for (int column = 0; column < centred.Length; column++)
            {
                dot += precisionRow[column] * centred[column];
            }

            sum += centred[row] * dot;
        }

        return sum;
    }

    /// <summary>True when <paramref name="features"/> lie within the threshold.</summary>
    public bool Contains(ReadOnlySpan<float> features) => Distance(features) <= Threshold;

    /// <summary>Writes the model to <paramref name="path"/> (little-endian: header, threshold, mean, precision).</summary>
    public void Save(string path)
    {
        using var stream = File.Create(path);
        using var writer = new BinaryWriter(stream);
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write(Dimension);
        writer.Write(Threshold);
        foreach (float value in _mean)
        {
            writer.Write(value);
        }

        foreach (float value in _precision)
        {
            writer.Write(value);
        }
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <exception cref="ModelFormatException">The file is missing, truncated or not a feature reference.</exception>
    public static FeatureReference Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ModelFormatException($"The feature reference {path} was not found.");
        }

        byte[] bytes = File.ReadAllBytes(path);
        const int headerSize = 4 + 4 + 4 + 8;
        if (bytes.Length < headerSize
            || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic
            || BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)) != Version)
        {
            throw new ModelFormatException($"The file {path} is not a feature reference; refit it with tools/learning/skin-reference.cs.");
        }

        int dimension = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        double threshold = BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(12));
        long expected = headerSize + (4L * dimension) + (4L * dimension * dimension);
        if (dimension < 1 || bytes.Length != expected)
        {
            throw new ModelFormatException($"The feature reference {path} is truncated or damaged ({bytes.Length} bytes, expected {expected}).");
        }

        float[] mean = new float[dimension];
        float[] precision = new float[dimension * dimension];
        Buffer.BlockCopy(bytes, headerSize, mean, 0, 4 * dimension);
        Buffer.BlockCopy(bytes, headerSize + (4 * dimension), precision, 0, 4 * dimension * dimension);
        return new FeatureReference(mean, precision, threshold);
    }
}
