using SkiaSharp;
using Skinsight.Learning.Backbone;

namespace Skinsight.Learning.Acne;

/// <summary>
/// Cuts an acne photo into the views the grader looks at: the whole photo and a 2x2 grid of tiles over its
/// central region, each resized to 224x224 RGB values 0-255 in [3, 224, 224] layout.
/// </summary>
/// <remarks>
/// ACNE04 photos are close face photos, stretched to 640x640 by the Roboflow export, so the tiles cover the central
/// region (<see cref="CentralFraction"/> of each side) where the face usually is.
/// On a 640x640 photo each tile is 256 pixels wide, so it shows lesions at 2.5 times the scale of the whole view.
/// NOTE: the region is fixed rather than found by a face detector, so a face far off centre is partly missed.
/// </remarks>
public static class AcneCrops
{
    /// <summary>Share of the photo's width and height covered by the tile grid, centred.</summary>
    public const double CentralFraction = 0.8;

    /// <summary>Tiles per side of the grid.</summary>
    public const int GridSize = 2;

    /// <summary>Views per photo: the whole photo first, then the tiles row by row.</summary>
    public const int ViewCount = 1 + (GridSize * GridSize);

    private static readonly SKSamplingOptions s_sampling = new(SKFilterMode.Linear, SKMipmapMode.Linear);

    /// <summary>Returns the <see cref="ViewCount"/> views of <paramref name="photo"/>.</summary>
    public static float[][] Cut(SKBitmap photo)
    {
        ArgumentNullException.ThrowIfNull(photo);
        var views = new float[ViewCount][];
        views[0] = Resize(photo, new SKRectI(0, 0, photo.Width, photo.Height));

        int regionWidth = (int)Math.Round(photo.Width * CentralFraction);
        int regionHeight = (int)Math.Round(photo.Height * CentralFraction);
        int left = (photo.Width - regionWidth) / 2;
        int top = (photo.Height - regionHeight) / 2;
        for (int row = 0; row < GridSize; row++)
        {
            for (int column = 0; column < GridSize; column++)
            {
                var tile = new SKRectI(
                    left + (column * regionWidth / GridSize),
                    top + (row * regionHeight / GridSize),
                    left + ((column + 1) * regionWidth / GridSize),
                    top + ((row + 1) * regionHeight / GridSize));
                views[1 + (row * GridSize) + column] = Resize(photo, tile);
            }
        }

        return views;
    }

    private static float[] Resize(SKBitmap photo, SKRectI area)
    {
        int size = ResNet18Backbone.PretrainedSize;
        var info = new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var resized = new SKBitmap(info);
        using (var canvas = new SKCanvas(resized))
        using (var image = SKImage.FromBitmap(photo))
        {
            canvas.DrawImage(image, SKRect.Create(area.Left, area.Top, area.Width, area.Height),
                SKRect.Create(0, 0, size, size), s_sampling);
        }

        ReadOnlySpan<byte> rgba = resized.GetPixelSpan();
        int plane = size * size;
        var values = new float[3 * plane];
        for (int i = 0; i < plane; i++)
        {
            values[i] = rgba[4 * i];
            values[plane + i] = rgba[(4 * i) + 1];
            values[(2 * plane) + i] = rgba[(4 * i) + 2];
        }

        return values;
    }
}
