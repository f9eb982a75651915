using OpenCvSharp;

namespace Skinsight.Vision.Imaging;

/// <summary>
/// Colour normalisation by the shades-of-grey method (Finlayson and Trezzi, "Shades of Gray and Colour Constancy",
/// CIC 2004) with Minkowski norm p = 6, estimated on the pixels that are not skin. Skin is left out because a
/// grey-world estimate on a face would take the skin's own hue for a colour cast. The per-channel gains are clamped,
/// and photos with too little background to estimate from are left as they are.
/// </summary>
internal static class WhiteBalance
{
    private const double Norm = 6;

    /// <summary>Smallest share of the image that must be usable background to estimate the illuminant.</summary>
    public const double MinBackgroundShare = 0.10;

    /// <summary>Largest correction per channel: gains stay within [1 / MaxGain, MaxGain].</summary>
    public const double MaxGain = 1.2;

    /// <summary>Gains that leave the image as it is, returned when there is too little background.</summary>
    public static readonly (double B, double G, double R) Neutral = (1, 1, 1);

    /// <summary>Each byte value to the power <see cref="Norm"/>, because three Math.Pow calls per pixel cost more than the rest.</summary>
    private static readonly double[] s_powers = PowerTable();

    /// <summary>Returns the gains (blue, green, red) that neutralise the background's cast, or (1, 1, 1).</summary>
    public static (double B, double G, double R) EstimateGains(Mat bgr, Mat skin)
    {
        double sumB = 0, sumG = 0, sumR = 0;
        long count = 0;
        int bgrRows = bgr.Rows;
        for (int y = 0; y < bgrRows; y++)
        {
            ReadOnlySpan<byte> pixels = MatSpans.Row<byte>(bgr, y);
            ReadOnlySpan<byte> isSkin = MatSpans.Row<byte>(skin, y);
            for (int x = 0; x < isSkin.Length; x++)
            {
                byte b = pixels[3 * x], g = pixels[(3 * x) + 1], r = pixels[(3 * x) + 2];
                int max = Math.Max(b, Math.Max(g, r));

                // Near-black pixels carry no colour and clipped ones carry the sensor's limit, not the light's.
                if (isSkin[x] != 0 || max < 30 || max > 245)
                {
                    continue;
                }

                sumB += s_powers[b];
                sumG += s_powers[g];
                sumR += s_powers[r];
                count++;
            }
        }

        if (count < MinBackgroundShare * bgr.Rows * bgr.Cols)
        {
            return Neutral;
        }

        double eB = Math.Pow(sumB / count, 1 / Norm);
        double eG = Math.Pow(sumG / count, 1 / Norm);
        double eR = Math.Pow(sumR / count, 1 / Norm);
        double grey = (eB + eG + eR) / 3;
        return (Clamp(grey / eB), Clamp(grey / eG), Clamp(grey / eR));
    }

    /// <summary>Returns a copy of <paramref name="bgr"/> with each channel multiplied by its gain.</summary>
    public static Mat Apply(Mat bgr, (double B, double G, double R) gains)
    {
        var result = new Mat();
        Cv2.Multiply(bgr, new Scalar(gains.B, gains.G, gains.R), result);
        return result;
    }

    /// <summary>Returns a table of each byte value raised to <see cref="Norm"/>, the same numbers as Math.Pow gives.</summary>
    private static double[] PowerTable()
    {
        var table = new double[256];
        for (int i = 0; i < table.Length; i++)
        {
            table[i] = Math.Pow(i, Norm);
        }

        return table;
    }

    private static double Clamp(double gain) => Math.Clamp(gain, 1 / MaxGain, MaxGain);
}
