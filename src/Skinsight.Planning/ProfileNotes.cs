using System.Globalization;
using Skinsight.Core.Analysis;
using Skinsight.Core.Plans;
using Skinsight.Core.Profiles;

namespace Skinsight.Planning;

/// <summary>
/// What the questionnaire's skin type, routine length and lifestyle answers change in a plan, and where the photo
/// contradicts the stated skin type.
/// </summary>
internal static class ProfileNotes
{
    /// <summary>Photo severity from which a finding contradicts the opposite stated skin type or axis.</summary>
    public const double ContradictionSeverity = 0.5;

    /// <summary>Fewer hours of sleep a night than this get a note.</summary>
    // NOTE: a judgement call for when to mention sleep, not a threshold fitted to skin outcomes.
    public const double ShortSleepHours = 6;

    public static int MaxTreatments(SkinProfile profile) => profile.RoutineLength switch
    {
        RoutineLength.Minimal => 1,
        RoutineLength.Moderate => 2,
        _ => ActivePlacement.MaxActives,
    };

    /// <summary>Adds a warning for each photo finding that contradicts the stated skin type or a Baumann axis.</summary>
    public static void CheckSkinType(SkinProfile profile, SkinAnalysis? analysis, List<PlanWarning> warnings)
    {
        if (analysis is null || analysis.Mode == AnalysisMode.Rejected || LesionCloseUp.Applies(analysis))
        {
            return;
        }

        string source = profile.Baumann is null ? "Your profile" : "The questionnaire";
        double oiliness = Severity(analysis, Concerns.Oiliness);
        double dryness = Severity(analysis, Concerns.Dryness);
        if (profile.SkinType == SkinType.Dry && oiliness >= ContradictionSeverity)
        {
            Add(warnings, $"{source} says dry skin, but the photo shows a lot of shine (oiliness {Format(oiliness)}). "
                + "The plan follows the stated type; check again at midday with nothing applied.");
        }

        if (profile.SkinType == SkinType.Oily && dryness >= ContradictionSeverity)
        {
            Add(warnings, $"{source} says oily skin, but the photo shows dryness (severity {Format(dryness)}). "
                + "The plan follows the stated type; over-cleansing can leave oily skin dry on the surface.");
        }

        double redness = Severity(analysis, Concerns.Redness);
        if (!profile.Sensitive && redness >= ContradictionSeverity)
        {
            Add(warnings, $"{source} says resistant skin, but the photo shows redness (severity {Format(redness)}). "
                + "Introduce new products one at a time.");
        }

        double spots = Severity(analysis, Concerns.DarkSpots);
        if (profile.Baumann?.IsNonPigmented == true && spots >= ContradictionSeverity)
        {
            Add(warnings, $"The questionnaire says non-pigmented skin, but the photo shows dark spots (severity {Format(spots)}).");
        }

        double wrinkles = Severity(analysis, Concerns.Wrinkles);
        if (profile.Baumann?.IsTight == true && wrinkles >= ContradictionSeverity)
        {
            Add(warnings, $"The questionnaire says tight, unwrinkled skin, but the photo shows wrinkles (severity {Format(wrinkles)}).");
        }
    }

    /// <summary>Adds notes for lifestyle answers that a product cannot fix but that change the outcome.</summary>
    public static void AddLifestyleNotes(SkinProfile profile, List<PlanWarning> warnings)
    {
        Lifestyle lifestyle = profile.Lifestyle;
        if (lifestyle.Smoking)
        {
            warnings.Add(new PlanWarning(PlanRules.LifestyleSmoking,
                "Smoking is linked to earlier wrinkles and duller skin, and no product in this plan offsets it."));
        }

        if (lifestyle.SleepHours is double hours && hours < ShortSleepHours)
        {
            string sleep = hours.ToString("0.#", CultureInfo.InvariantCulture);
            warnings.Add(new PlanWarning(PlanRules.LifestyleSleep,
                $"You sleep about {sleep} hours a night. The plan cannot make up for short sleep, "
                + "so judge its results over the whole review period."));
        }

        if (lifestyle.SunExposure == SunExposure.High)
        {
            warnings.Add(new PlanWarning(PlanRules.LifestyleSun,
                "You spend more than 2 hours a day outdoors: reapply sunscreen every 2 hours and wear a hat and sunglasses."));
        }
    }

    private static double Severity(SkinAnalysis analysis, string concern) =>
        analysis.Concerns.Where(c => c.Concern == concern).Select(c => c.Severity).DefaultIfEmpty(0).Max();

    private static void Add(List<PlanWarning> warnings, string message) =>
        warnings.Add(new PlanWarning(PlanRules.SkinTypeDisagree, message));

    private static string Format(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
