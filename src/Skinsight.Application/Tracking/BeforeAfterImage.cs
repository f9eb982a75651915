using System.Globalization;
using SkiaSharp;
using Skinsight.Core.Analysis;
using Skinsight.Tracking;

namespace Skinsight.Application.Tracking;

/// <summary>One photo of a before-and-after pair: its bytes, its analysis and when it was taken.</summary>
public sealed record ComparisonPhoto(byte[] Photo, SkinAnalysis Analysis, DateTimeOffset Time);

/// <summary>
/// Puts two photos side by side, each cropped around the face box of its analysis and scaled so that the faces
/// have the same height, with the date under each.
/// </summary>
public static class BeforeAfterImage
{
    /// <summary>Height of each face crop in the output, in pixels.</summary>
    public const int FaceHeight = 480;

    // Margin around the face box on each side, as a share of the box, so forehead, jaw and cheeks stay in view.
    private const double Margin = 0.25;
    private const int LabelHeight = 36;

    /// <summary>Composes the pair as a PNG.</summary>
    /// <exception cref="TrackingException">A photo has no face box (it was analysed as a close-up) or does not decode.</exception>
    public static byte[] Compose(ComparisonPhoto before, ComparisonPhoto after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        using var left = CropFace(before);
        using var right = CropFace(after);
        int width = left.Width + right.Width;
        using var surface = SKSurface.Create(new SKImageInfo(width, FaceHeight + LabelHeight));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        canvas.DrawBitmap(left, 0, 0, SKSamplingOptions.Default);
        canvas.DrawBitmap(right, left.Width, 0, SKSamplingOptions.Default);

        using var font = new SKFont(SKTypeface.Default, 20);
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        canvas.DrawText(Label("before", before.Time), 8, FaceHeight + 26, SKTextAlign.Left, font, paint);
        canvas.DrawText(Label("after", after.Time), left.Width + 8, FaceHeight + 26, SKTextAlign.Left, font, paint);

        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static string Label(string name, DateTimeOffset time) =>
        string.Create(CultureInfo.InvariantCulture, $"{name}: {time:yyyy-MM-dd}");

    private static SKBitmap CropFace(ComparisonPhoto photo)
    {
        var face = photo.Analysis.Regions.FirstOrDefault(r => r.Name == "face")
            ?? throw new TrackingException(
                $"The photo of {photo.Time:yyyy-MM-dd} has no face box because it was analysed as a close-up; compare two selfies.");
        using var upright = DecodeUpright(photo.Photo, photo.Time);

        // Regions are in pixels of the upright photo as sent, which is what DecodeUpright returns.
        double scale = (double)upright.Width / photo.Analysis.Image.Width;
        var box = SKRectI.Round(new SKRect(
            (float)((face.X - Margin * face.Width) * scale),
            (float)((face.Y - Margin * face.Height) * scale),
            (float)((face.X + (1 + Margin) * face.Width) * scale),
            (float)((face.Y + (1 + Margin) * face.Height) * scale)));
        box.Intersect(new SKRectI(0, 0, upright.Width, upright.Height));

        int width = Math.Max(1, (int)Math.Round((double)box.Width * FaceHeight / box.Height));
        var crop = new SKBitmap(width, FaceHeight);
        using var canvas = new SKCanvas(crop);
        using var paint = new SKPaint { IsAntialias = true };
        canvas.DrawBitmap(
            upright,
            SKRect.Create(box.Left, box.Top, box.Width, box.Height),
            SKRect.Create(0, 0, width, FaceHeight),
            new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None),
            paint);
        return crop;
    }

    /// <summary>Decodes a photo and turns it upright by its EXIF orientation.</summary>
    private static SKBitmap DecodeUpright(byte[] photo, DateTimeOffset time)
    {
        using var codec = SKCodec.Create(new SKMemoryStream(photo))
            ?? throw new TrackingException($"The stored photo of {time:yyyy-MM-dd} does not decode.");
        using var stored = SKBitmap.Decode(codec)
            ?? throw new TrackingException($"The stored photo of {time:yyyy-MM-dd} does not decode.");
        int w = stored.Width, h = stored.Height;

        // Each matrix maps a stored pixel (x, y) to its upright position; origins 5-8 swap width and height.
        var (matrix, swaps) = codec.EncodedOrigin switch
        {
            SKEncodedOrigin.TopRight => (new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1), false),
            SKEncodedOrigin.BottomRight => (new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1), false),
            SKEncodedOrigin.BottomLeft => (new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1), false),
            SKEncodedOrigin.LeftTop => (new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1), true),
            SKEncodedOrigin.RightTop => (new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1), true),
            SKEncodedOrigin.RightBottom => (new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1), true),
            SKEncodedOrigin.LeftBottom => (new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1), true),
            _ => (SKMatrix.Identity, false),
        };
        var upright = new SKBitmap(swaps ? h : w, swaps ? w : h);
        using var canvas = new SKCanvas(upright);
        canvas.SetMatrix(matrix);
        canvas.DrawBitmap(stored, 0, 0, SKSamplingOptions.Default);
        return upright;
    }
}
