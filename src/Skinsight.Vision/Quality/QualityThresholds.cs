namespace Skinsight.Vision.Quality;

/// <summary>
/// Thresholds of the quality gate. A "warn" threshold adds a non-blocking issue, and a "reject" threshold adds a
/// blocking one. The defaults were calibrated on ACNE04 and UTKFace photos and on blurred and re-exposed copies of
/// them. <c>docs/analysis.md</c> lists the distributions they were read from.
/// </summary>
public sealed record QualityThresholds
{
    /// <summary>Shorter side, in pixels, below which a photo is rejected as too small.</summary>
    public int RejectShortSide { get; init; } = 128;

    /// <summary>Shorter side, in pixels, below which fine texture, pores and wrinkles are unreliable.</summary>
    public int WarnShortSide { get; init; } = 480;

    /// <summary>Face width as a fraction of the image width below which a selfie's face is too small.</summary>
    public double WarnFaceWidthFraction { get; init; } = 0.40;

    /// <summary>Face width, in pixels of the photo as sent, below which the face is too small to measure.</summary>
    public int RejectFaceWidthPixels { get; init; } = 80;

    /// <summary>Share (0-1) of the image that must be skin to analyse a photo without a face as a close-up.</summary>
    public double MinCloseupSkinShare { get; init; } = 0.35;

    /// <summary>Mean CIELAB chroma of the image below which the photo counts as greyscale.</summary>
    public double MinChroma { get; init; } = 3;

    /// <summary>
    /// L* of the lit part of the skin (its 90th percentile) below which the photo is too dark (warn). The lit part,
    /// not the median, is judged so that dark skin in good light is not taken for a dark photo.
    /// </summary>
    public double WarnDarkL { get; init; } = 45;

    /// <summary>L* of the lit part of the skin below which the photo is too dark to measure (reject).</summary>
    public double RejectDarkL { get; init; } = 32;

    /// <summary>
    /// Grey level of the whole image's brightest parts (<see cref="QualityFeatures.Highlight"/>) below which the photo
    /// is dim (warn). Skin alone cannot tell light skin in dim light from dark skin in good light; the background,
    /// clothes and eyes can.
    /// </summary>
    public double WarnDimHighlight { get; init; } = 125;

    /// <summary>Median skin L* above which the photo is too bright (warn).</summary>
    public double WarnBrightL { get; init; } = 82;

    /// <summary>Median skin L* above which the photo is too bright to measure (reject).</summary>
    public double RejectBrightL { get; init; } = 90;

    /// <summary>
    /// Share (0-1) of skin pixels with at least two channels at 250 or more above which highlights are clipped (warn).
    /// </summary>
    public double WarnClipped { get; init; } = 0.03;

    /// <summary>Share (0-1) of clipped skin pixels above which the photo is rejected as overexposed.</summary>
    public double RejectClipped { get; init; } = 0.15;

    /// <summary>Sharpness (variance of the Laplacian, see <c>docs/analysis.md</c>) below which the photo is soft (warn).</summary>
    public double WarnSharpness { get; init; } = 12;

    /// <summary>Sharpness below which the photo is rejected as blurred.</summary>
    public double RejectSharpness { get; init; } = 5;

    /// <summary>Range (95th minus 5th percentile) of smoothed skin L* above which lighting is uneven (warn).</summary>
    public double WarnLightingRange { get; init; } = 40;
}
