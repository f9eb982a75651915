using OpenCvSharp;
using Skinsight.Core.Analysis;
using Skinsight.Core.Colour;
using Skinsight.Vision.Imaging;

namespace Skinsight.Vision.Analysis;

/// <summary>
/// Skin tone: the mean CIELAB of the skin-coloured pixels of the measured area, leaving out the darkest and lightest
/// tenth of L* (shadows and highlights), with its ITA° and category from <see cref="Ita"/>.
/// </summary>
internal static class SkinToneEstimator
{
    public static SkinTone? Estimate(LabImage lab, Mat colour)
    {
        if (Cv2.CountNonZero(colour) < 50)
        {
            return null;
        }

        double[] bounds = MaskedStats.Percentiles(lab.L, colour, 10, 90);
        using var lower = new Mat();
        using var upper = new Mat();
        Cv2.Compare(lab.L, new Scalar(bounds[0]), lower, CmpTypes.GE);
        Cv2.Compare(lab.L, new Scalar(bounds[1]), upper, CmpTypes.LE);
        using var mask = new Mat();
        Cv2.BitwiseAnd(lower, upper, mask);
        Cv2.BitwiseAnd(mask, colour, mask);
        if (Cv2.CountNonZero(mask) < 20)
        {
            colour.CopyTo(mask);
        }

        double l = Cv2.Mean(lab.L, mask).Val0;
        double a = Cv2.Mean(lab.A, mask).Val0;
        double b = Cv2.Mean(lab.B, mask).Val0;
        double ita = Ita.FromLab(l, b);
        return new SkinTone(Math.Round(l, 2), Math.Round(a, 2), Math.Round(b, 2), Math.Round(ita, 1), Ita.Categorise(ita));
    }
}
