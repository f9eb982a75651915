namespace Skinsight.Vision.Lesions;

/// <summary>
/// Settings of <see cref="LesionSegmenter"/>. Sizes are fractions of the image's shorter side, so a setting means
/// the same at any resolution. The defaults were chosen on DermaMNIST train rows (see <c>docs/analysis.md</c>).
/// </summary>
public sealed record LesionSegmenterOptions
{
    /// <summary>Black-hat kernel size for hair detection, as a fraction of the shorter side; 0 turns hair removal off.</summary>
    public double HairKernel { get; init; } = 0.06;

    /// <summary>Black-hat response (grey levels) above which a pixel is taken as hair and inpainted.</summary>
    public double HairThreshold { get; init; } = 25;

    /// <summary>
    /// Pixels darker than this share of the median grey level that touch the image border are the dark frame of
    /// the dermatoscope (vignette) and are left out of the threshold and the lesion.
    /// </summary>
    public double FrameDarkness { get; init; } = 0.45;

    /// <summary>
    /// Shift of the Otsu threshold, in grey levels of the chosen channel; positive values grow the lesion into its
    /// lighter, blurred edge.
    /// </summary>
    public double ThresholdShift { get; init; } = 0;

    /// <summary>Standard deviation of the Gaussian smoothing before the threshold, as a fraction of the shorter side.</summary>
    public double Smoothing { get; init; } = 0.01;

    /// <summary>Closing kernel size, as a fraction of the shorter side.</summary>
    public double Closing { get; init; } = 0.06;

    /// <summary>Final dilation radius, as a fraction of the shorter side; 0 for none.</summary>
    public double Dilation { get; init; } = 0.03;

    /// <summary>Whether GrabCut refines the thresholded lesion, with the thresholded mask as its starting point.</summary>
    public bool GrabCut { get; init; } = false;

    /// <summary>Whether the lesion is replaced by its convex hull.</summary>
    public bool ConvexHull { get; init; } = false;

    /// <summary>
    /// Channel that is thresholded: 0 blue, 1 green, 2 red, 3 CIELAB L*, or -1 for whichever of them separates
    /// best (largest Otsu between-class share of the variance).
    /// </summary>
    public int Channel { get; init; } = 0;

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its valid range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(HairKernel);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(HairKernel, 0.5);
        ArgumentOutOfRangeException.ThrowIfNegative(HairThreshold);
        ArgumentOutOfRangeException.ThrowIfNegative(FrameDarkness);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(FrameDarkness, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(Smoothing);
        ArgumentOutOfRangeException.ThrowIfNegative(Closing);
        ArgumentOutOfRangeException.ThrowIfNegative(Dilation);
        ArgumentOutOfRangeException.ThrowIfLessThan(Channel, -1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Channel, 3);
    }
}
