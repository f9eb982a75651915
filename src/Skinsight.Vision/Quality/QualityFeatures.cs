namespace Skinsight.Vision.Quality;

/// <summary>The raw quantities the quality gate judges, kept for calibration and diagnostics.</summary>
internal sealed record QualityFeatures
{
    /// <summary>Shorter side of the upright photo as sent, in pixels.</summary>
    public int ShortSide { get; init; }

    public bool HasFace { get; init; }

    /// <summary>Face box width over image width (0 without a face).</summary>
    public double FaceWidthFraction { get; init; }

    /// <summary>Face box width in pixels of the photo as sent (0 without a face).</summary>
    public double FaceWidthPixels { get; init; }

    /// <summary>
    /// Face box width over image width of a face found only by the scan for faces too small to measure (0 when that
    /// scan found none). The scan runs when no face was found and the photo has too little skin for a close-up.
    /// </summary>
    public double SmallFaceWidthFraction { get; init; }

    /// <summary>Share (0-1) of the image that is skin-coloured.</summary>
    public double SkinShare { get; init; }

    /// <summary>Mean CIELAB chroma C*ab over the whole image.</summary>
    public double MeanChroma { get; init; }

    /// <summary>Median L* of the analysed skin.</summary>
    public double MedianL { get; init; }

    /// <summary>90th percentile of L* of the analysed skin: its lit part, which stays light on dark skin too.</summary>
    public double LitL { get; init; }

    /// <summary>Share (0-1) of analysed skin pixels with at least two channels at 250 or more.</summary>
    public double ClippedShare { get; init; }

    /// <summary>Variance of the Laplacian of the analysed skin at the normalised scale and brightness.</summary>
    public double Sharpness { get; init; }

    /// <summary>
    /// 99th percentile of the grey level (0-255) of the whole image: how bright its brightest parts are. NaN when
    /// not measured.
    /// </summary>
    public double Highlight { get; init; } = double.NaN;

    /// <summary>95th minus 5th percentile of heavily smoothed skin L*.</summary>
    public double LightingRange { get; init; }
}
