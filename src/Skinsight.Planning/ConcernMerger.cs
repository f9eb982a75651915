using Skinsight.Core.Analysis;
using Skinsight.Core.Plans;
using Skinsight.Core.Profiles;

namespace Skinsight.Planning;

/// <summary>Combines the profile's and the questionnaire's concerns with the photo's findings, most urgent first.</summary>
internal static class ConcernMerger
{
    public const string FromProfile = "profile";
    public const string FromQuestionnaire = "questionnaire";
    public const string FromPhoto = "photo";

    /// <summary>
    /// Rank, on the photo's 0-1 severity scale, of a concern that no photo measured. It orders such a concern among
    /// the photo's findings and is never reported as the concern's severity.
    /// </summary>
    // NOTE: a fixed mid-scale default, not a measured value, because the profile and the questionnaire give no
    // severity.
    public const double UnmeasuredRank = 0.5;

    /// <summary>Photo findings below this severity are not planned for unless the person listed them.</summary>
    public const double PhotoOnlyMinSeverity = 0.3;

    /// <summary>A listed concern the photo measured below this severity counts as a disagreement.</summary>
    public const double DisagreeBelow = 0.2;

    /// <summary>Returns the severity of <paramref name="concern"/>, or <see cref="UnmeasuredRank"/> when unmeasured.</summary>
    public static double Rank(PlanConcern concern) => concern.Severity ?? UnmeasuredRank;

    public static IReadOnlyList<PlanConcern> Merge(
        SkinProfile profile, SkinAnalysis? analysis, List<PlanWarning> warnings)
    {
        var photo = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        if (analysis is not null && analysis.Mode == AnalysisMode.Rejected)
        {
            warnings.Add(new PlanWarning(PlanRules.PhotoRejected,
                "The photo did not pass the quality check, so the plan uses only the concerns from your profile."));
        }
        else if (analysis is not null && LesionCloseUp.Applies(analysis))
        {
            bool referred = analysis.Flags.Any(f => f.Code == MedicalFlag.SeeDermatologistCode);
            warnings.Add(new PlanWarning(PlanRules.PhotoShowsLesion, referred
                ? "The photo is a close-up of a spot that a dermatologist should examine, so the plan takes its "
                    + "concerns from your profile only. Until the spot has been checked, keep exfoliating acids, "
                    + "retinoids and lightening products off it."
                : "The photo is a close-up of a single spot, such as a mole, which says little about the rest of your "
                    + "skin, so the plan takes its concerns from your profile only. Do not use exfoliating acids or "
                    + "lightening products to treat a mole."));
        }
        else if (analysis is not null)
        {
            foreach (ConcernFinding finding in analysis.Concerns)
            {
                double severity = Math.Clamp(finding.Severity, 0, 1);
                photo[finding.Concern] = photo.TryGetValue(finding.Concern, out double seen) ? Math.Max(seen, severity) : severity;
            }
        }

        bool photoUsable = analysis is not null
            && analysis.Mode != AnalysisMode.Rejected
            && !LesionCloseUp.Applies(analysis);
        var merged = new List<PlanConcern>();
        foreach (string concern in profile.Concerns)
        {
            bool implied = profile.QuestionnaireConcerns.Contains(concern, StringComparer.OrdinalIgnoreCase);
            string source = implied ? FromQuestionnaire : FromProfile;
            string named = implied ? $"Your questionnaire answers point to {concern}" : $"You listed {concern}";
            if (photo.TryGetValue(concern, out double severity))
            {
                merged.Add(new PlanConcern(concern, severity, $"{FromPhoto}+{source}"));
                if (severity < DisagreeBelow)
                {
                    warnings.Add(new PlanWarning(PlanRules.ConcernSourcesDisagree,
                        $"{named}, but the photo shows little of it (severity {severity:0.00}); the plan still treats it."));
                }

                continue;
            }

            merged.Add(new PlanConcern(concern, null, source));
            if (photoUsable)
            {
                warnings.Add(new PlanWarning(PlanRules.ConcernSourcesDisagree,
                    $"{named}, but the photo analysis did not report it; the plan still treats it."));
            }
        }

        foreach ((string concern, double severity) in photo)
        {
            if (profile.Concerns.Contains(concern, StringComparer.OrdinalIgnoreCase) || severity < PhotoOnlyMinSeverity)
            {
                continue;
            }

            merged.Add(new PlanConcern(concern, severity, FromPhoto));
            warnings.Add(new PlanWarning(PlanRules.ConcernSourcesDisagree,
                $"The photo suggests {Wording.Concern(concern)} (severity {severity:0.00}), which your profile does not list; the plan includes it."));
        }

        // A stable sort keeps the profile's order among equal ranks.
        return merged.OrderByDescending(Rank).ToList();
    }
}
