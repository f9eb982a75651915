using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace Skinsight.Tracking.Regression;

/// <summary>
/// Estimates the effect of each product or active on a measure by ordinary least squares, adjusted for season
/// and adherence, for one person or pooled across people.
/// </summary>
/// <remarks>
/// The model is outcome = level + Σ effect × exposure + adherence term + a·sin(2π d/365.25) + b·cos(2π d/365.25)
/// + error, where d is the day of the year (UTC). The level is one intercept for a person's own fit and one
/// fixed effect per person in the pooled fit, so only changes within a person inform an effect. Effects are
/// associations in observational data: they are causal only when nothing else changed together with the use.
/// </remarks>
public static class EffectRegression
{
    public const string InterceptTerm = "intercept";
    public const string AdherenceTerm = "adherence";
    public const string SeasonSinTerm = "season-sin";
    public const string SeasonCosTerm = "season-cos";

    /// <summary>Fits one person's check-ins with classical standard errors.</summary>
    /// <exception cref="TrackingException">
    /// The check-ins belong to more than one person, a value is invalid, or there are not more check-ins than terms.
    /// </exception>
    public static EffectFit FitPerson(IEnumerable<CheckIn> checkIns, RegressionOptions? options = null)
    {
        options ??= new RegressionOptions();
        var (rows, excluded) = Prepare(checkIns, options);
        var people = rows.Select(r => r.PersonId).Distinct(StringComparer.Ordinal).Count();
        if (people > 1)
        {
            throw new TrackingException(
                $"A per-person fit got check-ins of {people} people; pass one person's check-ins or use FitPooled.");
        }

        var design = new DesignMatrix();
        design.Add(InterceptTerm, TermKind.Covariate, rows.Select(_ => 1.0).ToArray());
        AddSharedTerms(design, rows, options);
        var outcomes = rows.Select(r => r.Outcome).ToArray();
        return Solve(design, rows, outcomes, excluded, options, clusters: null, absorbed: 0);
    }

    /// <summary>
    /// Fits check-ins of many people with a fixed effect per person and standard errors robust to correlation
    /// within a person (clustered by person).
    /// </summary>
    /// <remarks>
    /// Clustered errors need many people: in simulation, 95% intervals covered 95% with 40 people, 94% with 20,
    /// 92% with 10 and 88% with 5.
    /// </remarks>
    /// <exception cref="TrackingException">
    /// Fewer than two people, a value is invalid, or there are not more check-ins than terms.
    /// </exception>
    public static EffectFit FitPooled(IEnumerable<CheckIn> checkIns, RegressionOptions? options = null)
    {
        options ??= new RegressionOptions();
        var (rows, excluded) = Prepare(checkIns, options);
        var personIds = rows.Select(r => r.PersonId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (personIds.Count < 2)
        {
            throw new TrackingException(
                $"A pooled fit needs check-ins of at least 2 people but got {personIds.Count}; use FitPerson for one.");
        }

        // Subtracting each person's means from every column and from the outcome gives the same estimates,
        // residuals and clustered scores as one dummy column per person, with far fewer columns to solve.
        var clusters = rows.Select(r => personIds.BinarySearch(r.PersonId, StringComparer.Ordinal)).ToArray();
        var design = new DesignMatrix(values => Demean(values, clusters, personIds.Count));
        AddSharedTerms(design, rows, options);
        var outcomes = Demean(rows.Select(r => r.Outcome).ToArray(), clusters, personIds.Count);
        return Solve(design, rows, outcomes, excluded, options, clusters, absorbed: personIds.Count);
    }

    private static (List<CheckIn> Rows, int Excluded) Prepare(IEnumerable<CheckIn> checkIns, RegressionOptions options)
    {
        ArgumentNullException.ThrowIfNull(checkIns);
        var all = checkIns.ToList();
        var rows = all.Where(c => !(c.Quality < options.MinQuality)).ToList();
        foreach (var row in rows)
        {
            Validate(row);
        }

        return (rows, all.Count - rows.Count);
    }

    private static void Validate(CheckIn row)
    {
        if (!double.IsFinite(row.Outcome))
        {
            throw new TrackingException(
                $"Check-in of {row.PersonId} at {row.Time:O} has outcome {row.Outcome}; outcomes must be finite numbers.");
        }

        if (!(row.Adherence is >= 0 and <= 1))
        {
            throw new TrackingException(
                $"Check-in of {row.PersonId} at {row.Time:O} has adherence {row.Adherence}; give a fraction from 0 to 1.");
        }

        foreach (var (name, exposure) in row.Exposures)
        {
            if (!(exposure is >= 0 and <= 1))
            {
                throw new TrackingException(
                    $"Check-in of {row.PersonId} at {row.Time:O} has exposure {exposure} for '{name}'; " +
                    "give 0 or 1, or the fraction of planned days it was used.");
            }
        }
    }

    private static void AddSharedTerms(DesignMatrix design, List<CheckIn> rows, RegressionOptions options)
    {
        var names = rows.SelectMany(r => r.Exposures.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            design.Add(name, TermKind.Effect, rows.Select(r => r.Exposures.GetValueOrDefault(name)).ToArray());
        }

        if (options.AdjustForAdherence)
        {
            design.Add(AdherenceTerm, TermKind.Covariate, rows.Select(r => r.Adherence).ToArray());
        }

        if (options.AdjustForSeason)
        {
            design.Add(SeasonSinTerm, TermKind.Covariate, rows.Select(r => Math.Sin(SeasonAngle(r.Time))).ToArray());
            design.Add(SeasonCosTerm, TermKind.Covariate, rows.Select(r => Math.Cos(SeasonAngle(r.Time))).ToArray());
        }
    }

    /// <summary>Returns the position in the year as an angle, 0 at 1 January 00:00 UTC.</summary>
    private static double SeasonAngle(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        var day = utc.DayOfYear - 1 + utc.TimeOfDay.TotalDays;
        return 2 * Math.PI * day / 365.25;
    }

    private static EffectFit Solve(
        DesignMatrix design,
        List<CheckIn> rows,
        double[] outcomes,
        int excluded,
        RegressionOptions options,
        int[]? clusters,
        int absorbed)
    {
        var n = rows.Count;
        var p = design.Kept.Count + absorbed;
        if (n <= p)
        {
            throw new TrackingException(
                $"The fit has {p} terms but only {n} usable check-ins; collect more check-ins or fit fewer products.");
        }

        var people = rows.Select(r => r.PersonId).Distinct(StringComparer.Ordinal).Count();
        var kind = clusters is null ? StandardErrorKind.Classical : StandardErrorKind.ClusterRobust;
        if (design.Kept.Count == 0)
        {
            // Every term was dropped, so there is nothing to estimate, but the caller still learns which terms.
            var spread = Math.Sqrt(outcomes.Sum(v => v * v) / (n - p));
            return new EffectFit([], [], design.Dropped, [], n, excluded, people, n - p, spread, kind);
        }

        var x = Matrix<double>.Build.DenseOfColumnArrays(design.Kept.Select(c => c.Values));
        var y = Vector<double>.Build.DenseOfArray(outcomes);
        var qr = x.QR();
        var beta = qr.Solve(y);
        var residuals = y - x * beta;
        var rInverse = qr.R.Inverse();
        var xtxInverse = rInverse * rInverse.Transpose();
        var rss = residuals.DotProduct(residuals);

        Matrix<double> covariance;
        int df;
        if (clusters is null)
        {
            covariance = xtxInverse * (rss / (n - p));
            df = n - p;
        }
        else
        {
            var groups = clusters.Max() + 1;
            var meat = ClusterMeat(x, residuals, clusters, groups);
            var correction = groups / (groups - 1.0) * (n - 1.0) / (n - p);
            covariance = xtxInverse * meat * xtxInverse * correction;
            df = groups - 1;
        }

        var coefficients = design.Kept
            .Select((column, j) => (column, Make(column.Name, beta[j], covariance[j, j], df, options.ConfidenceLevel)))
            .ToList();
        return new EffectFit(
            coefficients
                .Where(c => c.column.Kind == TermKind.Effect && !design.Aliased.Contains(c.column.Name))
                .Select(c => c.Item2)
                .ToList(),
            coefficients.Where(c => c.column.Kind == TermKind.Covariate).Select(c => c.Item2).ToList(),
            design.Dropped,
            design.Aliased.Order(StringComparer.Ordinal).ToList(),
            n,
            excluded,
            people,
            df,
            Math.Sqrt(rss / (n - p)),
            kind);
    }

    /// <summary>Subtracts from each value the mean of its person's values.</summary>
    private static double[] Demean(double[] values, int[] clusters, int groups)
    {
        var sums = new double[groups];
        var counts = new int[groups];
        for (var i = 0; i < values.Length; i++)
        {
            sums[clusters[i]] += values[i];
            counts[clusters[i]]++;
        }

        return values.Select((v, i) => v - sums[clusters[i]] / counts[clusters[i]]).ToArray();
    }

    /// <summary>Sums the outer products of each person's score Xgᵀ ug.</summary>
    private static Matrix<double> ClusterMeat(Matrix<double> x, Vector<double> residuals, int[] clusters, int groups)
    {
        var scores = Matrix<double>.Build.Dense(groups, x.ColumnCount);
        for (var i = 0; i < x.RowCount; i++)
        {
            for (var j = 0; j < x.ColumnCount; j++)
            {
                scores[clusters[i], j] += x[i, j] * residuals[i];
            }
        }

        return scores.TransposeThisAndMultiply(scores);
    }

    private static Coefficient Make(string term, double estimate, double variance, int df, double level)
    {
        var standardError = Math.Sqrt(Math.Max(variance, 0));
        var critical = StudentT.InvCDF(0, 1, df, 1 - (1 - level) / 2);
        var t = standardError > 0 ? estimate / standardError : double.NaN;
        var p = standardError > 0 ? 2 * StudentT.CDF(0, 1, df, -Math.Abs(t)) : double.NaN;
        return new Coefficient(
            term, estimate, standardError, estimate - critical * standardError, estimate + critical * standardError, t, p);
    }
}
