namespace Skinsight.Ranking.Suitability;

/// <summary>F1 scores over several binary labels and percentile bootstrap intervals.</summary>
public static class BinaryMetrics
{
    /// <summary>
    /// Returns the F1 score of the positive class. When there are no positives and none are predicted the score is
    /// 0, as scikit-learn's default gives.
    /// </summary>
    public static double F1(IReadOnlyList<bool> actual, IReadOnlyList<bool> predicted)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        if (actual.Count != predicted.Count)
        {
            throw new ArgumentException(
                $"Got {actual.Count} actual labels but {predicted.Count} predictions. Pass one prediction per label.",
                nameof(predicted));
        }

        var counts = new int[3];
        for (int i = 0; i < actual.Count; i++)
        {
            Count(counts, actual[i], predicted[i]);
        }

        return F1(counts);
    }

    /// <summary>Returns the mean of the per-flag F1 scores over rows given as <c>[row][flag]</c>.</summary>
    public static double MacroF1(IReadOnlyList<bool[]> actual, IReadOnlyList<bool[]> predicted, IReadOnlyList<int>? rows = null)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        if (actual.Count == 0)
        {
            throw new ArgumentException("Macro-F1 needs at least one row. Pass a non-empty set.", nameof(actual));
        }

        int flags = actual[0].Length;
        double sum = 0;
        for (int f = 0; f < flags; f++)
        {
            var counts = new int[3];
            int n = rows?.Count ?? actual.Count;
            for (int i = 0; i < n; i++)
            {
                int row = rows?[i] ?? i;
                Count(counts, actual[row][f], predicted[row][f]);
            }

            sum += F1(counts);
        }

        return sum / flags;
    }

    /// <summary>
    /// Computes a percentile bootstrap 95% interval for each statistic. Rows are drawn with replacement
    /// <paramref name="resamples"/> times from a seeded generator, and the 2.5th and 97.5th percentiles of each
    /// statistic over the resamples are returned.
    /// </summary>
    /// <param name="rowCount">Number of rows to resample.</param>
    /// <param name="statistics">Each maps the drawn row indices to one value.</param>
    public static Interval[] BootstrapIntervals(
        int rowCount, IReadOnlyList<Func<IReadOnlyList<int>, double>> statistics, int resamples, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 2);
        var random = new Random(seed);
        var values = statistics.Select(_ => new double[resamples]).ToArray();
        int[] rows = new int[rowCount];
        for (int b = 0; b < resamples; b++)
        {
            for (int i = 0; i < rowCount; i++)
            {
                rows[i] = random.Next(rowCount);
            }

            for (int s = 0; s < statistics.Count; s++)
            {
                values[s][b] = statistics[s](rows);
            }
        }

        return [.. values.Select(v => new Interval(Percentile(v, 0.025), Percentile(v, 0.975)))];
    }

    /// <summary>
    /// Returns the ROC AUC: the chance that a random positive row scores above a random negative one, with ties
    /// counting half. Returns NaN when either class is absent.
    /// </summary>
    public static double RocAuc(IReadOnlyList<bool> actual, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(scores);
        double wins = 0;
        int positives = 0, negatives = 0;
        for (int i = 0; i < actual.Count; i++)
        {
            if (!actual[i])
            {
                negatives++;
                continue;
            }

            positives++;
            for (int j = 0; j < actual.Count; j++)
            {
                if (!actual[j])
                {
                    if (scores[i] > scores[j])
                    {
                        wins += 1;
                    }
                    else if (scores[i] == scores[j])
                    {
                        wins += 0.5;
                    }
                }
            }
        }

        return positives == 0 || negatives == 0 ? double.NaN : wins / ((double)positives * negatives);
    }

    /// <summary>Returns the p-quantile of the values by linear interpolation between order statistics.</summary>
    public static double Percentile(double[] values, double p)
    {
        ArgumentNullException.ThrowIfNull(values);
        double[] sorted = [.. values.Order()];
        double position = p * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }

    // Slots of counts are true positives, false positives and false negatives.
    private static void Count(int[] counts, bool actual, bool predicted)
    {
        if (predicted && actual)
        {
            counts[0]++;
        }
        else if (predicted)
        {
            counts[1]++;
        }
        else if (actual)
        {
            counts[2]++;
        }
    }

    private static double F1(int[] counts)
    {
        int denominator = (2 * counts[0]) + counts[1] + counts[2];
        return denominator == 0 ? 0 : 2.0 * counts[0] / denominator;
    }
}

/// <summary>A closed interval, e.g. a 95% bootstrap interval.</summary>
public sealed record Interval(double Lower, double Upper);
