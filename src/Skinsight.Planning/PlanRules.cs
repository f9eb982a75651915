namespace Skinsight.Planning;

/// <summary>
/// Rule ids the planner writes into <see cref="Core.Plans.PlanWarning.Rule"/>. Contraindication and conflict
/// warnings use the rule id that comes with the knowledge data instead.
/// </summary>
public static class PlanRules
{
    public const string PregnancyNoRetinoid = "pregnancy-no-retinoid";
    public const string Allergen = "allergen";
    public const string AllergyNotRecognised = "allergy-not-recognised";
    public const string SensitiveNoFragrance = "sensitive-no-fragrance";
    public const string EuAnnexIIProhibited = "eu-annex-ii-prohibited";
    public const string EuAnnexesMissing = "eu-annexes-missing";
    public const string SensitiveNoDryingAlcohol = "sensitive-no-drying-alcohol";
    public const string SensitiveEnzymeCleanser = "sensitive-enzyme-cleanser";
    public const string SensitiveSoapCleanser = "sensitive-soap-cleanser";
    public const string SensitiveStaggerActives = "sensitive-stagger-actives";
    public const string SunscreenNoProduct = "sunscreen-no-product";
    public const string PhotosensitiserEveningOnly = "photosensitiser-evening-only";
    public const string ConflictAlternateNights = "conflict-alternate-nights";
    public const string ConflictMoved = "conflict-moved";
    public const string ConflictDropped = "conflict-dropped";
    public const string Budget = "budget";
    public const string NoCatalogMatch = "no-catalog-match";
    public const string ConcernSourcesDisagree = "questionnaire-photo-disagree";
    public const string ConcernNotTreated = "concern-not-treated";
    public const string PhotoRejected = "photo-rejected";
    public const string PhotoShowsLesion = "photo-shows-lesion";
    public const string PastReaction = "past-reaction";
    public const string FreeOf = "free-of";
    public const string SkinTypeDisagree = "skin-type-photo-disagree";
    public const string LifestyleSmoking = "lifestyle-smoking";
    public const string LifestyleSleep = "lifestyle-sleep";
    public const string LifestyleSun = "lifestyle-sun";
    public const string HistoryReactedProduct = "history-reacted-product";
    public const string HistoryDislikedProduct = "history-disliked-product";
    public const string HistorySharedIngredient = "history-shared-ingredient";
    public const string HistoryIrritant = "history-irritant";
    public const string HistoryOwnedReused = "history-owned-reused";
    public const string HistoryOwnedNotUsed = "history-owned-not-used";
    public const string HistoryLiked = "history-liked";
}
