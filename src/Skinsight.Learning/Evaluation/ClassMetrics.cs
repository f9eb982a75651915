namespace Skinsight.Learning.Evaluation;

/// <summary>One-vs-rest scores of one class.</summary>
/// <param name="Support">Number of samples whose true label is this class.</param>
/// <param name="Precision">Share of samples predicted as this class that truly are; 0 when none is predicted.</param>
/// <param name="Recall">Share of this class's samples predicted as it; 0 when the class has no samples.</param>
/// <param name="F1">Harmonic mean of precision and recall; 0 when both are 0.</param>
/// <param name="Auc">
/// Area under the ROC curve of this class's probability against the rest, or null when the samples contain only one
/// side (no positives or no negatives).
/// </param>
public sealed record ClassMetrics(
    string Name,
    int Support,
    double Precision,
    double Recall,
    double F1,
    double? Auc);
