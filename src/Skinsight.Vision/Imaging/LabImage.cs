using OpenCvSharp;

namespace Skinsight.Vision.Imaging;

/// <summary>
/// CIELAB planes (D65, L* 0-100, a* and b* in their usual units) of an 8-bit sRGB image, as 32-bit float matrices.
/// OpenCV's float conversion linearises sRGB first, so the values match <c>Skinsight.Core.Colour.CieLab</c>.
/// </summary>
internal sealed class LabImage : IDisposable
{
    private LabImage(Mat l, Mat a, Mat b)
    {
        L = l;
        A = a;
        B = b;
    }

    public Mat L { get; }

    public Mat A { get; }

    public Mat B { get; }

    public static LabImage FromBgr(Mat bgr)
    {
        using var scaled = new Mat();
        bgr.ConvertTo(scaled, MatType.CV_32FC3, 1.0 / 255);
        using var lab = new Mat();
        Cv2.CvtColor(scaled, lab, ColorConversionCodes.BGR2Lab);
        Cv2.Split(lab, out Mat[] planes);
        return new LabImage(planes[0], planes[1], planes[2]);
    }

    public void Dispose()
    {
        L.Dispose();
        A.Dispose();
        B.Dispose();
    }
}
