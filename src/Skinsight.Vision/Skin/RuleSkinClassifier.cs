namespace Skinsight.Vision.Skin;

/// <summary>
/// A fixed colour rule: a pixel is skin when its chroma lies in a box of the CbCr plane (ITU-R BT.601, as OpenCV's
/// <c>COLOR_BGR2YCrCb</c>) and it is not near black. White and grey fail the box, since their Cr is about 128. The
/// box widens the one of Chai and Ngan (Cr 133-173, Cb 77-127, IEEE Trans. CSVT 9(4), 1999) towards darker and
/// paler skin. On the UCI Skin Segmentation pixels it has 94.7% precision and 100% recall (see
/// <c>docs/analysis.md</c>).
/// </summary>
public sealed class RuleSkinClassifier : ISkinClassifier
{
    /// <summary>Smallest Cr (red-difference chroma, 0-255, 128 = neutral) counted as skin.</summary>
    public int CrMin { get; init; } = 133;

    /// <summary>Largest Cr counted as skin.</summary>
    public int CrMax { get; init; } = 180;

    /// <summary>Smallest Cb (blue-difference chroma, 0-255, 128 = neutral) counted as skin.</summary>
    public int CbMin { get; init; } = 77;

    /// <summary>Largest Cb counted as skin.</summary>
    public int CbMax { get; init; } = 130;

    /// <summary>Smallest luma Y (0-255) counted as skin; darker pixels carry too little colour to judge.</summary>
    public int YMin { get; init; } = 25;

    /// <inheritdoc />
    public void Classify(ReadOnlySpan<byte> bgr, Span<byte> likelihood)
    {
        if (likelihood.Length * 3 != bgr.Length)
        {
            throw new ArgumentException("The likelihood span must hold one byte per BGR pixel.", nameof(likelihood));
        }

        for (int i = 0; i < likelihood.Length; i++)
        {
            int b = bgr[3 * i], g = bgr[(3 * i) + 1], r = bgr[(3 * i) + 2];
            double y = (0.299 * r) + (0.587 * g) + (0.114 * b);
            double cr = ((r - y) * 0.713) + 128;
            double cb = ((b - y) * 0.564) + 128;
            bool skin = y >= YMin && cr >= CrMin && cr <= CrMax && cb >= CbMin && cb <= CbMax;
            likelihood[i] = skin ? (byte)255 : (byte)0;
        }
    }
}
