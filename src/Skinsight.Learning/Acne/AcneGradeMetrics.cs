using System.Globalization;

namespace Skinsight.Learning.Acne;

/// <summary>Agreement of predicted ACNE04 severity grades (0-3) with the labelled ones.</summary>
/// <param name="SeverityAccuracy">Share of photos whose predicted grade equals the labelled grade.</param>
/// <param name="GradeRecall">Per labelled grade present in the rows, the share of its photos predicted correctly.</param>
/// <param name="Confusion">Photos per labelled grade (row) and predicted grade (column).</param>
/// <param name="MeanAbsoluteGradeError">Mean of |predicted - labelled| in grade steps.</param>
/// <param name="N">Photos scored.</param>
public sealed record AcneGradeMetrics(
    double SeverityAccuracy,
    IReadOnlyDictionary<string, double> GradeRecall,
    int[][] Confusion,
    double MeanAbsoluteGradeError,
    int N)
{
    /// <summary>Number of severity grades.</summary>
    public const int GradeCount = 4;

    /// <summary>Compares <paramref name="predicted"/> with <paramref name="labelled"/>, row by row.</summary>
    /// <exception cref="ArgumentException">The lists differ in length, are empty, or hold a grade outside 0-3.</exception>
    public static AcneGradeMetrics From(IReadOnlyList<int> labelled, IReadOnlyList<int> predicted)
    {
        ArgumentNullException.ThrowIfNull(labelled);
        ArgumentNullException.ThrowIfNull(predicted);
        if (labelled.Count != predicted.Count || labelled.Count == 0)
        {
            throw new ArgumentException(
                $"Expected as many predictions as labels, at least one; got {predicted.Count} and {labelled.Count}.");
        }

        var confusion = Enumerable.Range(0, GradeCount).Select(_ => new int[GradeCount]).ToArray();
        double absoluteError = 0;
        for (int i = 0; i < labelled.Count; i++)
        {
            CheckGrade(labelled[i], nameof(labelled));
            CheckGrade(predicted[i], nameof(predicted));
            confusion[labelled[i]][predicted[i]]++;
            absoluteError += Math.Abs(predicted[i] - labelled[i]);
        }

        var recall = new Dictionary<string, double>();
        for (int grade = 0; grade < GradeCount; grade++)
        {
            int total = confusion[grade].Sum();
            if (total > 0)
            {
                recall[grade.ToString(CultureInfo.InvariantCulture)] = Math.Round((double)confusion[grade][grade] / total, 4);
            }
        }

        int correct = Enumerable.Range(0, GradeCount).Sum(g => confusion[g][g]);
        return new AcneGradeMetrics(
            Math.Round((double)correct / labelled.Count, 4),
            recall,
            confusion,
            Math.Round(absoluteError / labelled.Count, 4),
            labelled.Count);
    }

    private static void CheckGrade(int grade, string name)
    {
        if (grade is < 0 or >= GradeCount)
        {
            throw new ArgumentException($"The grade {grade} is outside 0-{GradeCount - 1}.", name);
        }
    }
}
