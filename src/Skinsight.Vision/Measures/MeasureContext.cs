using OpenCvSharp;
using Skinsight.Core.Analysis;
using Skinsight.Vision.Faces;
using Skinsight.Vision.Imaging;

namespace Skinsight.Vision.Measures;

/// <summary>
/// Everything a measure reads: the colour-normalised working image in CIELAB, the skin area it measures, the face
/// regions and the person's own skin reference. Region masks and skin levels are built on first use and kept.
/// </summary>
/// <remarks>
/// Measures run side by side on one context, so everything here is read-only after construction except the two
/// caches, which are guarded by locks.
/// </remarks>
internal sealed class MeasureContext : IDisposable
{
    private readonly Dictionary<string, Mat> _regionMasks = [];
    private readonly Dictionary<(Mat Plane, double Sigma), Mat> _skinLevels = [];
    private readonly Lock _regionMasksLock = new();
    private readonly Lock _skinLevelsLock = new();

    public MeasureContext(
        AnalysisMode mode,
        LabImage lab,
        Mat skinArea,
        Mat area,
        Mat colour,
        IReadOnlyDictionary<string, Rect> regions,
        double scale)
    {
        Mode = mode;
        Lab = lab;
        SkinArea = skinArea;
        Area = area;
        Colour = colour;
        Regions = regions;
        Scale = scale;
        using Mat eroded = Filters.Erode(skinArea, Math.Max(1, 0.01 * scale));
        Inner = new Mat();
        Cv2.BitwiseAnd(area, eroded, Inner);
        InnerPixels = Cv2.CountNonZero(Inner);
        using Mat core = Filters.Erode(skinArea, Math.Max(1, 0.025 * scale));
        Core = new Mat();
        Cv2.BitwiseAnd(area, core, Core);
        double[] l = MaskedStats.Percentiles(lab.L, colour, 50);
        double[] a = MaskedStats.Percentiles(lab.A, colour, 30, 50);
        double[] b = MaskedStats.Percentiles(lab.B, colour, 50);
        MedianL = l[0];
        ReferenceA = a[0];
        MedianA = a[1];
        MedianB = b[0];
    }

    public AnalysisMode Mode { get; }

    /// <summary>The colour-normalised working image in CIELAB.</summary>
    public LabImage Lab { get; }

    /// <summary>All skin of the image with holes filled (8-bit mask); local skin levels are averaged over it.</summary>
    public Mat SkinArea { get; }

    /// <summary>The skin area measured (8-bit mask): <see cref="SkinArea"/> inside the face regions in face mode.</summary>
    public Mat Area { get; }

    /// <summary>
    /// <see cref="Area"/> without a margin of 1% of the face width along the skin's edges, where hair, shadows and the
    /// background's edge would read as spots, lines and texture. Blob candidates and robust statistics use it.
    /// </summary>
    public Mat Inner { get; }

    /// <summary>The skin-coloured pixels of <see cref="Area"/>, the source of the skin reference.</summary>
    public Mat Colour { get; }

    /// <summary>Face regions in working pixels, by <see cref="RegionNames"/>; empty for close-ups.</summary>
    public IReadOnlyDictionary<string, Rect> Regions { get; }

    /// <summary>The reference length in working pixels (the face width, or its estimate for close-ups).</summary>
    public double Scale { get; }

    /// <summary>
    /// <see cref="Area"/> without a margin of 2.5% of the face width along the skin's edges, where blob measures look
    /// for candidates: shading along the jaw, the nose and the hairline reads as dark or red blobs.
    /// </summary>
    public Mat Core { get; }

    /// <summary>Number of pixels in <see cref="Inner"/>.</summary>
    public int InnerPixels { get; }

    public double MedianL { get; }

    public double MedianA { get; }

    public double MedianB { get; }

    /// <summary>The 30th percentile of the person's skin a*, the redness reference: most of the skin is at least
    /// this red, so redder areas stand out from it whatever the person's tone.</summary>
    public double ReferenceA { get; }

    /// <summary>Returns <see cref="Inner"/> inside region <paramref name="name"/>, or null when the region is absent.</summary>
    public Mat? RegionMask(string name)
    {
        lock (_regionMasksLock)
        {
            return RegionMaskLocked(name);
        }
    }

    private Mat? RegionMaskLocked(string name)
    {
        if (_regionMasks.TryGetValue(name, out Mat? mask))
        {
            return mask;
        }

        if (!Regions.TryGetValue(name, out Rect rect))
        {
            return null;
        }

        mask = Filters.RectMask(Inner, rect);
        _regionMasks[name] = mask;
        return mask;
    }

    /// <summary>
    /// Returns the local skin level of <paramref name="plane"/>, its Gaussian average over <see cref="SkinArea"/> at
    /// deviation <paramref name="sigma"/> pixels (<see cref="Filters.MaskedGaussian(Mat, Mat, double)"/>). Several
    /// measures compare pixels with the same level, so it is computed once and owned by the context: callers must not
    /// dispose it.
    /// </summary>
    public Mat SkinLevel(Mat plane, double sigma)
    {
        // A measure that requests a level while another computes it waits for that result, so no blur runs twice.
        lock (_skinLevelsLock)
        {
            return SkinLevelLocked(plane, sigma);
        }
    }

    private Mat SkinLevelLocked(Mat plane, double sigma)
    {
        if (!_skinLevels.TryGetValue((plane, sigma), out Mat? level))
        {
            // Spots, acne and shine read the L* and a* levels at one deviation, so both are computed together and
            // share the blur of the skin weight.
            Mat[] planes = ReferenceEquals(plane, Lab.L) || ReferenceEquals(plane, Lab.A) ? [Lab.L, Lab.A] : [plane];
            Mat[] levels = Filters.MaskedGaussian(planes, SkinArea, sigma);
            for (int i = 0; i < planes.Length; i++)
            {
                _skinLevels[(planes[i], sigma)] = levels[i];
            }

            level = _skinLevels[(plane, sigma)];
        }

        return level;
    }

    /// <summary>Returns a per-region score for each measured region with enough skin in it.</summary>
    public Dictionary<string, double> ScoreRegions(Func<Mat, double> score)
    {
        var scores = new Dictionary<string, double>();
        foreach (string name in RegionNames.Measured)
        {
            Mat? mask = RegionMask(name);
            if (mask is not null && Cv2.CountNonZero(mask) >= 50)
            {
                scores[name] = Math.Round(score(mask), 1);
            }
        }

        return scores;
    }

    public void Dispose()
    {
        Inner.Dispose();
        Core.Dispose();
        foreach (Mat mask in _regionMasks.Values)
        {
            mask.Dispose();
        }

        foreach (Mat level in _skinLevels.Values)
        {
            level.Dispose();
        }
    }
}
