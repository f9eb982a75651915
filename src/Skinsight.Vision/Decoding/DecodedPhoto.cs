using OpenCvSharp;
using Skinsight.Core.Analysis;

namespace Skinsight.Vision.Decoding;

/// <summary>A photo decoded, turned upright and downscaled to the working size.</summary>
internal sealed class DecodedPhoto : IDisposable
{
    public DecodedPhoto(Mat bgr, Mat? opaque, ImageInfo info)
    {
        Bgr = bgr;
        Opaque = opaque;
        Info = info;
        Scale = (double)Math.Max(bgr.Width, bgr.Height) / Math.Max(info.Width, info.Height);
    }

    /// <summary>The upright working image, 8-bit BGR; transparent parts are composited over mid grey.</summary>
    public Mat Bgr { get; }

    /// <summary>255 where the photo is at least half opaque, 0 elsewhere; null when the photo has no alpha.</summary>
    public Mat? Opaque { get; }

    /// <summary>Format and upright size of the photo as sent.</summary>
    public ImageInfo Info { get; }

    /// <summary>Working pixels per pixel of the upright photo as sent (at most 1).</summary>
    public double Scale { get; }

    public void Dispose()
    {
        Bgr.Dispose();
        Opaque?.Dispose();
    }
}
