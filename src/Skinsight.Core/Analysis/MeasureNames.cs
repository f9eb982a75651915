namespace Skinsight.Core.Analysis;

/// <summary>Stable names of the analysis measures, used as JSON keys and overlay file names.</summary>
public static class MeasureNames
{
    public const string Redness = "redness";
    public const string Spots = "spots";
    public const string Shine = "shine";
    public const string Texture = "texture";
    public const string Wrinkles = "wrinkles";
    public const string Pores = "pores";
    public const string Acne = "acne";
    public const string DarkCircles = "darkCircles";
    public const string Evenness = "evenness";
}

/// <summary>Stable names of skin concerns shared by the analysis, the profile and the planner.</summary>
public static class Concerns
{
    public const string Acne = "acne";
    public const string Redness = "redness";
    public const string DarkSpots = "dark-spots";
    public const string Oiliness = "oiliness";
    public const string Dryness = "dryness";
    public const string Texture = "texture";
    public const string Wrinkles = "wrinkles";
    public const string Pores = "pores";
    public const string DarkCircles = "dark-circles";
    public const string Dullness = "dullness";

    public static readonly IReadOnlyList<string> All =
        [Acne, Redness, DarkSpots, Oiliness, Dryness, Texture, Wrinkles, Pores, DarkCircles, Dullness];
}
