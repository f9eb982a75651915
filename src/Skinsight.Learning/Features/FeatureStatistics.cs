namespace Skinsight.Learning.Features;

/// <summary>Per-feature statistics of a set of feature rows.</summary>
public static class FeatureStatistics
{
    /// <summary>Returns the mean and population standard deviation of each feature column.</summary>
    /// <remarks>A column that never varies gets scale 1, which centres it at 0 instead of dividing by zero.</remarks>
    public static (float[] Mean, float[] Scale) Standardization(float[][] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfZero(rows.Length);
        int length = rows[0].Length;
        var mean = new float[length];
        var scale = new float[length];
        for (int j = 0; j < length; j++)
        {
            double sum = 0;
            double sumOfSquares = 0;
            foreach (float[] row in rows)
            {
                sum += row[j];
                sumOfSquares += (double)row[j] * row[j];
            }

            double average = sum / rows.Length;
            double variance = Math.Max(0, (sumOfSquares / rows.Length) - (average * average));
            mean[j] = (float)average;
            scale[j] = variance > 1e-12 ? (float)Math.Sqrt(variance) : 1f;
        }

        return (mean, scale);
    }
}
