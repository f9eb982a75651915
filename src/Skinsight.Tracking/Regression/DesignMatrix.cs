using MathNet.Numerics.LinearAlgebra;

namespace Skinsight.Tracking.Regression;

/// <summary>The role of a design column, which decides where its coefficient is reported.</summary>
internal enum TermKind
{
    Effect,

    Covariate,
}

internal sealed record DesignColumn(string Name, TermKind Kind, double[] Values);

/// <summary>
/// Builds design columns and keeps only those the data can separate: each column is orthogonalised against the
/// columns kept before it and dropped when almost nothing is left.
/// </summary>
/// <param name="transform">Applied to each column before it is tested and kept, e.g. demeaning by person.</param>
internal sealed class DesignMatrix(Func<double[], double[]>? transform = null)
{
    // A column keeping less than this fraction of its norm after orthogonalisation is treated as a linear
    // combination of earlier columns. It is well above rounding error for designs of a few thousand rows.
    private const double RelativeTolerance = 1e-8;

    private readonly List<double[]> _basis = [];

    public List<DesignColumn> Kept { get; } = [];

    public List<string> Dropped { get; } = [];

    /// <summary>
    /// Kept effects that a dropped column depends on. Their coefficients absorb the dropped term's effect, e.g.
    /// the sum of two actives started on the same day, so they are fitted but not reported as effects.
    /// </summary>
    public HashSet<string> Aliased { get; } = new(StringComparer.Ordinal);

    public void Add(string name, TermKind kind, double[] values)
    {
        // The tolerance is relative to the column as given, so a column that the transform reduces to rounding
        // noise (a person-constant column after demeaning) is dropped too.
        var norm = Norm(values);
        values = transform is null ? values : transform(values);
        var residual = (double[])values.Clone();

        // Two passes of Gram-Schmidt keep the residual orthogonal to the basis despite rounding.
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var q in _basis)
            {
                var projection = Dot(q, residual);
                for (var i = 0; i < residual.Length; i++)
                {
                    residual[i] -= projection * q[i];
                }
            }
        }

        var left = Norm(residual);
        if (norm == 0 || left <= RelativeTolerance * norm)
        {
            Dropped.Add(name);
            if (left < norm)
            {
                MarkAliases(values);
            }

            return;
        }

        _basis.Add(residual.Select(r => r / left).ToArray());
        Kept.Add(new DesignColumn(name, kind, values));
    }

    /// <summary>Marks the kept effects that take part in expressing a dependent column.</summary>
    private void MarkAliases(double[] dependent)
    {
        if (Kept.Count == 0 || Dot(dependent, dependent) == 0)
        {
            return;
        }

        var kept = Matrix<double>.Build.DenseOfColumnArrays(Kept.Select(c => c.Values));
        var weights = kept.QR().Solve(Vector<double>.Build.DenseOfArray(dependent));
        var scale = weights.InfinityNorm();
        for (var j = 0; j < Kept.Count; j++)
        {
            if (Kept[j].Kind == TermKind.Effect && Math.Abs(weights[j]) > 1e-6 * scale)
            {
                Aliased.Add(Kept[j].Name);
            }
        }
    }

    private static double Dot(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static double Norm(double[] a) => Math.Sqrt(Dot(a, a));
}
