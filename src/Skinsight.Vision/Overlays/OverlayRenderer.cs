using System.Globalization;
using OpenCvSharp;
using Skinsight.Core.Analysis;
using Skinsight.Vision.Faces;
using Skinsight.Vision.Imaging;
using Skinsight.Vision.Measures;
using SkiaSharp;

namespace Skinsight.Vision.Overlays;

/// <summary>
/// Draws one overlay PNG per measure on the upright working image. The skin outside the measured area is dimmed,
/// the measure's heat map, marks or blob circles are drawn over the area, and each face region is outlined with its
/// score. Text needs a system font, and without one Skia draws no glyphs but the rest of the overlay is unchanged.
/// </summary>
internal static class OverlayRenderer
{
    private static readonly SKColor s_regionColour = new(255, 255, 255, 220);

    /// <summary>Writes <c>&lt;measure&gt;.png</c> into <paramref name="directory"/> and returns its full path.</summary>
    public static string Write(
        string directory,
        string measure,
        MeasureResult result,
        MeasureOverlay overlay,
        Mat bgr,
        Mat area,
        IReadOnlyDictionary<string, Rect> regions)
    {
        using Mat composed = Compose(bgr, area, overlay);
        using var bitmap = ToBitmap(composed);
        using (var canvas = new SKCanvas(bitmap))
        {
            float unit = Math.Max(1f, Math.Max(bitmap.Width, bitmap.Height) / 512f);
            DrawBlobs(canvas, overlay, unit);
            DrawRegions(canvas, regions, result, unit, new SKSizeI(bitmap.Width, bitmap.Height));
            DrawTitle(canvas, measure, result, unit, bitmap.Width);
        }

        string path = Path.GetFullPath(Path.Combine(directory, measure + ".png"));
        // zlib level 3 writes files about 10% larger than Skia's default and halves the time overlays take.
        using SKPixmap pixmap = bitmap.PeekPixels()
            ?? throw new InvalidOperationException("The overlay bitmap has no pixels to encode.");
        using SKData data = pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, 3))
            ?? throw new InvalidOperationException($"Encoding the {measure} overlay as PNG failed.");
        using var file = File.Create(path);
        data.SaveTo(file);
        return path;
    }

    private static Mat Compose(Mat bgr, Mat area, MeasureOverlay overlay)
    {
        var composed = new Mat();
        bgr.ConvertTo(composed, MatType.CV_8UC3, 0.45);
        bgr.CopyTo(composed, area);

        if (overlay.Heat is not null)
        {
            using var heat8 = new Mat();
            overlay.Heat.ConvertTo(heat8, MatType.CV_8U, 255);
            using var coloured = new Mat();
            Cv2.ApplyColorMap(heat8, coloured, ColormapTypes.Turbo);
            int composedRows = composed.Rows;
            for (int y = 0; y < composedRows; y++)
            {
                Span<byte> target = MatSpans.Row<byte>(composed, y);
                ReadOnlySpan<byte> colour = MatSpans.Row<byte>(coloured, y);
                ReadOnlySpan<byte> weight = MatSpans.Row<byte>(heat8, y);
                ReadOnlySpan<byte> inside = MatSpans.Row<byte>(area, y);
                for (int x = 0; x < inside.Length; x++)
                {
                    if (inside[x] == 0)
                    {
                        continue;
                    }

                    // Stronger values show more of the colour map; weak ones leave the skin visible.
                    float alpha = 0.15f + (0.6f * weight[x] / 255f);
                    for (int c = 0; c < 3; c++)
                    {
                        int i = (3 * x) + c;
                        target[i] = (byte)((target[i] * (1 - alpha)) + (colour[i] * alpha));
                    }
                }
            }
        }

        if (overlay.Marks is not null)
        {
            var (r, g, b) = overlay.MarkColour;
            using var tint = new Mat(composed.Size(), MatType.CV_8UC3, new Scalar(b, g, r));
            using var blended = new Mat();
            Cv2.AddWeighted(composed, 0.35, tint, 0.65, 0, blended);
            blended.CopyTo(composed, overlay.Marks);
        }

        return composed;
    }

    private static SKBitmap ToBitmap(Mat bgr)
    {
        var bitmap = new SKBitmap(new SKImageInfo(bgr.Cols, bgr.Rows, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using var target = Mat.FromPixelData(bgr.Rows, bgr.Cols, MatType.CV_8UC4, bitmap.GetPixels(), bitmap.RowBytes);
        Cv2.CvtColor(bgr, target, ColorConversionCodes.BGR2RGBA);
        return bitmap;
    }

    private static void DrawBlobs(SKCanvas canvas, MeasureOverlay overlay, float unit)
    {
        if (overlay.Blobs.Count == 0)
        {
            return;
        }

        var (r, g, b) = overlay.MarkColour;
        using var paint = new SKPaint
        {
            Color = new SKColor(r, g, b),
            IsStroke = true,
            StrokeWidth = 1.5f * unit,
            IsAntialias = true,
        };
        foreach (Blob blob in overlay.Blobs)
        {
            canvas.DrawCircle((float)blob.X, (float)blob.Y, (float)blob.Radius + (2 * unit), paint);
        }
    }

    private static void DrawRegions(
        SKCanvas canvas, IReadOnlyDictionary<string, Rect> regions, MeasureResult result, float unit, SKSizeI size)
    {
        using var stroke = new SKPaint { Color = s_regionColour, IsStroke = true, StrokeWidth = unit, IsAntialias = true };
        using var text = new SKPaint { Color = SKColors.White, IsAntialias = true };
        using var shadow = new SKPaint { Color = new SKColor(0, 0, 0, 180), IsAntialias = true };
        using var font = new SKFont(SKTypeface.Default, 11 * unit);
        if (regions.TryGetValue(RegionNames.Face, out Rect face))
        {
            using var faceStroke = new SKPaint
            {
                Color = new SKColor(255, 255, 255, 90),
                IsStroke = true,
                StrokeWidth = unit,
                PathEffect = SKPathEffect.CreateDash([4 * unit, 4 * unit], 0),
            };
            canvas.DrawRect(face.X, face.Y, face.Width, face.Height, faceStroke);
        }

        var placed = new List<SKRect>();
        foreach (var (name, rect) in regions)
        {
            if (!result.Regions.TryGetValue(name, out double score))
            {
                continue;
            }

            canvas.DrawRect(rect.X, rect.Y, rect.Width, rect.Height, stroke);
            string label = $"{name} {score.ToString("F0", CultureInfo.InvariantCulture)}";
            var (x, y) = PlaceLabel(rect, font.MeasureText(label), font.Size, unit, size, placed);
            canvas.DrawText(label, x + 1, y + 1, SKTextAlign.Left, font, shadow);
            canvas.DrawText(label, x, y, SKTextAlign.Left, font, text);
        }
    }

    /// <summary>
    /// Returns the baseline start of a region's label: just above the region, or inside it below the title band
    /// when there is no room above, moved left as needed so the whole label is shown.
    /// </summary>
    internal static (float X, float Y) LabelPosition(Rect region, float textWidth, float textSize, float unit, SKSizeI image)
    {
        float margin = 2 * unit;
        float x = Math.Clamp(region.X + margin, margin, Math.Max(margin, image.Width - textWidth - margin));
        float above = region.Y - (3 * unit);
        float titleBand = 20 * unit;
        float y = above - textSize >= titleBand ? above : Math.Max(region.Y, titleBand) + textSize + margin;
        return (x, Math.Min(y, image.Height - margin));
    }

    /// <summary>
    /// Returns the baseline start of a region's label as <see cref="LabelPosition"/> does, moved up or down by whole
    /// lines when it would overlap a label in <paramref name="placed"/>. Adds the label's bounds to that list. On a
    /// 200 px face crop the two under-eye labels are each about half the image wide, so they would cover each other.
    /// </summary>
    internal static (float X, float Y) PlaceLabel(
        Rect region, float textWidth, float textSize, float unit, SKSizeI image, List<SKRect> placed)
    {
        var (x, y) = LabelPosition(region, textWidth, textSize, unit, image);
        float line = textSize + (2 * unit);
        float titleBand = 20 * unit;
        foreach (float candidate in new[] { y, y - line, y + line, y - (2 * line), y + (2 * line) })
        {
            bool fits = candidate - textSize >= titleBand && candidate <= image.Height - (2 * unit);
            var bounds = new SKRect(x, candidate - textSize, x + textWidth, candidate);
            if (fits && !placed.Any(p => p.IntersectsWith(bounds)))
            {
                placed.Add(bounds);
                return (x, candidate);
            }
        }

        // No free line nearby: keep the usual place, overlapping, rather than leave the label out.
        placed.Add(new SKRect(x, y - textSize, x + textWidth, y));
        return (x, y);
    }

    private static void DrawTitle(SKCanvas canvas, string measure, MeasureResult result, float unit, int width)
    {
        using var band = new SKPaint { Color = new SKColor(0, 0, 0, 170) };
        canvas.DrawRect(0, 0, width, 20 * unit, band);
        using var text = new SKPaint { Color = SKColors.White, IsAntialias = true };
        using var font = new SKFont(SKTypeface.Default, 14 * unit);
        string title = $"{measure}: {result.Score.ToString("F0", CultureInfo.InvariantCulture)}/100";
        canvas.DrawText(title, 6 * unit, 15 * unit, SKTextAlign.Left, font, text);
    }
}
