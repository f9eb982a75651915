using System.Buffers.Binary;
using MathNet.Numerics.LinearAlgebra;

namespace Skinsight.Learning.Condition;

/// <summary>
/// Fisher's linear discriminant between two kinds of photo on their backbone features: a weighted sum of the features
/// plus a bias, positive for photos that lean to the first kind. A photo scoring below <see cref="Threshold"/> is
/// taken to be of the second kind.
/// </summary>
/// <remarks>
/// The pooled within-class covariance is shrunk towards a multiple of the identity, as in <see cref="FeatureReference"/>,
/// and the bias puts 0 halfway between the two class means.
/// </remarks>
public sealed class FeatureDiscriminant
{
    private const uint Magic = 0x43534446; // "FDSC" read little-endian
    private const int Version = 1;

    private readonly float[] _weights;

    private FeatureDiscriminant(float[] weights, double bias, double threshold)
    {
        _weights = weights;
        Bias = bias;
        Threshold = threshold;
    }

    /// <summary>Number of features per photo.</summary>
    public int Dimension => _weights.Length;

    /// <summary>The score of a photo whose features are all 0.</summary>
    public double Bias { get; }

    /// <summary>Score below which a photo is taken to be of the second kind.</summary>
    public double Threshold { get; }

    /// <summary>Fits the discriminant of <paramref name="first"/> against <paramref name="second"/>.</summary>
    /// <param name="shrinkage">Weight s of the identity part of the pooled covariance, 0 to 1.</param>
    /// <param name="threshold">Score below which a photo is of the second kind; 0 is halfway between the means.</param>
    public static FeatureDiscriminant Fit(
        IReadOnlyList<float[]> first, IReadOnlyList<float[]> second, double shrinkage, double threshold)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        ArgumentOutOfRangeException.ThrowIfLessThan(first.Count, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(second.Count, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(shrinkage);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shrinkage, 1);

        int dimension = first[0].Length;
        (Vector<double> firstMean, Matrix<double> firstScatter) = MeanAndScatter(first);
        (Vector<double> secondMean, Matrix<double> secondScatter) = MeanAndScatter(second);
        Matrix<double> pooled = (firstScatter + secondScatter) / (first.Count + second.Count - 2);
        double scale = pooled.Diagonal().Average();
        Matrix<double> shrunk = (pooled * (1 - shrinkage)) + (Matrix<double>.Build.DenseIdentity(dimension) * (shrinkage * scale));
        Vector<double> weights = shrunk.Solve(firstMean - secondMean);
        double bias = -weights.DotProduct((firstMean + secondMean) / 2);
        return new FeatureDiscriminant([.. weights.Select(w => (float)w)], bias, threshold);
    }

    /// <summary>Returns the same discriminant with another threshold.</summary>
    public FeatureDiscriminant WithThreshold(double threshold) => new(_weights, Bias, threshold);

    /// <summary>Returns the score of <paramref name="features"/>: positive leans to the first kind.</summary>
    /// <exception cref="ArgumentException">The number of features is not <see cref="Dimension"/>.</exception>
    public double Score(ReadOnlySpan<float> features)
    {
        if (features.Length != Dimension)
        {
            throw new ArgumentException($"Expected {Dimension} features but got {features.Length}.", nameof(features));
        }

        double sum = Bias;
        for (int i = 0; i < features.Length; i++)
        {
            sum += _weights[i] * (double)features[i];
        }

        return sum;
    }

    /// <summary>True when <paramref name="features"/> score below the threshold, as photos of the second kind do.</summary>
    public bool FavoursSecond(ReadOnlySpan<float> features) => Score(features) < Threshold;

    /// <summary>Writes the discriminant to <paramref name="path"/> (little-endian: header, bias, threshold, weights).</summary>
    public void Save(string path)
    {
        using var stream = File.Create(path);
        using var writer = new BinaryWriter(stream);
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write(Dimension);
        writer.Write(Bias);
        writer.Write(Threshold);
        foreach (float weight in _weights)
        {
            writer.Write(weight);
        }
    }

    /// <summary>Reads a discriminant written by <see cref="Save"/>.</summary>
    /// <exception cref="ModelFormatException">The file is missing, truncated or not a feature discriminant.</exception>
    public static FeatureDiscriminant Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ModelFormatException($"The feature discriminant {path} was not found.");
        }

        byte[] bytes = File.ReadAllBytes(path);
        const int headerSize = 4 + 4 + 4 + 8 + 8;
        if (bytes.Length < headerSize
            || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic
            || BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)) != Version)
        {
            throw new ModelFormatException($"The file {path} is not a feature discriminant; refit it with tools/learning/face-discriminant.cs.");
        }

        int dimension = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        double bias = BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(12));
        double threshold = BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(20));
        long expected = headerSize + (4L * dimension);
        if (dimension < 1 || bytes.Length != expected || !double.IsFinite(bias) || !double.IsFinite(threshold))
        {
            throw new ModelFormatException($"The feature discriminant {path} is truncated or damaged ({bytes.Length} bytes, expected {expected}).");
        }

        float[] weights = new float[dimension];
        Buffer.BlockCopy(bytes, headerSize, weights, 0, 4 * dimension);
        return new FeatureDiscriminant(weights, bias, threshold);
    }

    private static (Vector<double> Mean, Matrix<double> Scatter) MeanAndScatter(IReadOnlyList<float[]> rows)
    {
        var data = Matrix<double>.Build.Dense(rows.Count, rows[0].Length, (row, column) => rows[row][column]);
        Vector<double> mean = data.ColumnSums() / rows.Count;
        for (int row = 0; row < rows.Count; row++)
        {
            data.SetRow(row, data.Row(row) - mean);
        }

        return (mean, data.TransposeThisAndMultiply(data));
    }
}
