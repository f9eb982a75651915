namespace Skinsight.Core.Analysis;

/// <summary>Tells whether an analysis describes one spot rather than the skin around it.</summary>
public static class LesionCloseUp
{
    /// <summary>
    /// True for a close-up of one lesion: the analysis carries the <see cref="QualityIssue.SingleLesionCode"/> note or
    /// refers the spot to a dermatologist. The lesion itself drives scores such as spots and texture, so plans and
    /// skin trends leave that photo's scores out.
    /// </summary>
    public static bool Applies(SkinAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return analysis.Mode == AnalysisMode.Closeup
            && (analysis.Quality.Issues.Any(i => i.Code == QualityIssue.SingleLesionCode)
                || analysis.Flags.Any(f => f.Code == MedicalFlag.SeeDermatologistCode));
    }
}
