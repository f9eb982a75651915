using OpenCvSharp;

namespace Skinsight.Bench.Analysis;

/// <summary>Photo degradations for calibration and noise runs; each returns a new JPEG (quality 95 unless set).</summary>
internal static class Degrade
{
    /// <summary>Gaussian blur with a deviation of <paramref name="fraction"/> of the photo's shorter side.</summary>
    public static byte[] Blur(byte[] photo, double fraction)
    {
        using Mat image = Cv2.ImDecode(photo, ImreadModes.Color);
        double sigma = fraction * Math.Min(image.Cols, image.Rows);
        Cv2.GaussianBlur(image, image, new Size(0, 0), sigma);
        return Jpeg(image, 95);
    }

    /// <summary>Multiplies the light by <paramref name="factor"/> (in linear light, sRGB taken as gamma 2.2).</summary>
    public static byte[] Expose(byte[] photo, double factor)
    {
        using Mat image = Cv2.ImDecode(photo, ImreadModes.Color);
        var table = new byte[256];
        for (int i = 0; i < 256; i++)
        {
            double linear = Math.Pow(i / 255.0, 2.2) * factor;
            table[i] = (byte)Math.Round(255 * Math.Pow(Math.Min(1, linear), 1 / 2.2));
        }

        using var lut = Mat.FromArray(table);
        using var result = new Mat();
        Cv2.LUT(image, lut, result);
        return Jpeg(result, 95);
    }

    /// <summary>Re-encodes as JPEG at <paramref name="quality"/>.</summary>
    public static byte[] Recompress(byte[] photo, int quality)
    {
        using Mat image = Cv2.ImDecode(photo, ImreadModes.Color);
        return Jpeg(image, quality);
    }

    /// <summary>Resizes by <paramref name="factor"/>.</summary>
    public static byte[] Rescale(byte[] photo, double factor)
    {
        using Mat image = Cv2.ImDecode(photo, ImreadModes.Color);
        using var result = new Mat();
        Cv2.Resize(image, result, new Size(), factor, factor, factor < 1 ? InterpolationFlags.Area : InterpolationFlags.Cubic);
        return Jpeg(result, 95);
    }

    /// <summary>Rotates by <paramref name="degrees"/> about the centre, filling the corners by reflection.</summary>
    public static byte[] Rotate(byte[] photo, double degrees)
    {
        using Mat image = Cv2.ImDecode(photo, ImreadModes.Color);
        using Mat rotation = Cv2.GetRotationMatrix2D(new Point2f(image.Cols / 2f, image.Rows / 2f), degrees, 1);
        using var result = new Mat();
        Cv2.WarpAffine(image, result, rotation, image.Size(), InterpolationFlags.Linear, BorderTypes.Reflect101);
        return Jpeg(result, 95);
    }

    private static byte[] Jpeg(Mat image, int quality)
    {
        Cv2.ImEncode(".jpg", image, out byte[] bytes, new ImageEncodingParam(ImwriteFlags.JpegQuality, quality));
        return bytes;
    }
}
