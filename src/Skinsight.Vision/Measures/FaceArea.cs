namespace Skinsight.Vision.Measures;

/// <summary>Scales counts over part of the skin to a whole face, so that regions and photos compare.</summary>
internal static class FaceArea
{
    /// <summary>Skin area of a whole face, in face widths squared (a frontal face's visible skin, roughly).</summary>
    public const double FaceWidthsSquared = 0.6;

    /// <summary>Returns <paramref name="count"/> found over <paramref name="pixels"/> scaled to a whole face; counts
    /// over more than a face's area are not scaled down.</summary>
    public static double PerFace(int count, int pixels, double scale) =>
        pixels == 0 ? 0 : count * Math.Max(1, FaceWidthsSquared * scale * scale / pixels);
}
