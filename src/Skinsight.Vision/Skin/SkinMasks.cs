using OpenCvSharp;

namespace Skinsight.Vision.Skin;

/// <summary>The two skin masks of a working image (8-bit, 255 = skin).</summary>
internal sealed class SkinMasks : IDisposable
{
    public SkinMasks(Mat colour, Mat area)
    {
        Colour = colour;
        Area = area;
        int pixels = colour.Rows * colour.Cols;
        Share = pixels == 0 ? 0 : (double)Cv2.CountNonZero(colour) / pixels;
    }

    /// <summary>Pixels whose colour is skin; the source of skin-colour statistics.</summary>
    public Mat Colour { get; }

    /// <summary>
    /// <see cref="Colour"/> with its small holes and bright holes filled, so that spots, lesions and specular
    /// highlights, which fail the colour test, still count as skin area for the measures.
    /// </summary>
    public Mat Area { get; }

    /// <summary>Fraction (0-1) of the image that is skin-coloured.</summary>
    public double Share { get; }

    public void Dispose()
    {
        Colour.Dispose();
        Area.Dispose();
    }
}
