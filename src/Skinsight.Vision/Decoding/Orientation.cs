using OpenCvSharp;
using SkiaSharp;

namespace Skinsight.Vision.Decoding;

/// <summary>Applies an EXIF orientation (as <see cref="SKCodec.EncodedOrigin"/> reports it) to stored pixels.</summary>
internal static class Orientation
{
    /// <summary>Returns the EXIF Orientation tag value (1-8) of <paramref name="origin"/>.</summary>
    public static int ExifValue(SKEncodedOrigin origin) => origin switch
    {
        SKEncodedOrigin.TopLeft => 1,
        SKEncodedOrigin.TopRight => 2,
        SKEncodedOrigin.BottomRight => 3,
        SKEncodedOrigin.BottomLeft => 4,
        SKEncodedOrigin.LeftTop => 5,
        SKEncodedOrigin.RightTop => 6,
        SKEncodedOrigin.RightBottom => 7,
        SKEncodedOrigin.LeftBottom => 8,
        _ => 1,
    };

    /// <summary>True when the orientation swaps width and height.</summary>
    public static bool SwapsAxes(SKEncodedOrigin origin) => ExifValue(origin) >= 5;

    /// <summary>
    /// Returns a new image with the stored pixels of <paramref name="stored"/> turned upright. The origin names where
    /// the stored first row and first column are shown: <see cref="SKEncodedOrigin.RightTop"/> (EXIF 6) means the
    /// first row is shown as the right column, so the stored image is rotated 90 degrees clockwise.
    /// </summary>
    public static Mat Apply(Mat stored, SKEncodedOrigin origin)
    {
        var upright = new Mat();
        switch (origin)
        {
            case SKEncodedOrigin.TopRight:
                Cv2.Flip(stored, upright, FlipMode.Y);
                break;
            case SKEncodedOrigin.BottomRight:
                Cv2.Rotate(stored, upright, RotateFlags.Rotate180);
                break;
            case SKEncodedOrigin.BottomLeft:
                Cv2.Flip(stored, upright, FlipMode.X);
                break;
            case SKEncodedOrigin.LeftTop:
                Cv2.Transpose(stored, upright);
                break;
            case SKEncodedOrigin.RightTop:
                Cv2.Rotate(stored, upright, RotateFlags.Rotate90Clockwise);
                break;
            case SKEncodedOrigin.RightBottom:
                // The transverse: a transpose followed by a half turn.
                using (var transposed = new Mat())
                {
                    Cv2.Transpose(stored, transposed);
                    Cv2.Rotate(transposed, upright, RotateFlags.Rotate180);
                }

                break;
            case SKEncodedOrigin.LeftBottom:
                Cv2.Rotate(stored, upright, RotateFlags.Rotate90Counterclockwise);
                break;
            default:
                stored.CopyTo(upright);
                break;
        }

        return upright;
    }
}
