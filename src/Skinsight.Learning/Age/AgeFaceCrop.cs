using SkiaSharp;
using Skinsight.Core.Analysis;
using Skinsight.Learning.Data;

namespace Skinsight.Learning.Age;

/// <summary>
/// Cuts the square around a detected face that matches a UTKFace crop, so the age model gets input like its training data.
/// </summary>
/// <remarks>
/// The proportions were measured with <c>tools/learning/age-crop.cs</c>, which places 60 UTKFace val crops on a grey
/// canvas three times their size and runs the analysis. On the 49 crops where it found a face, the crop side was 0.95
/// face-box widths (sd 0.10) and the crop centre lay 0.08 box widths (sd 0.02) below the box centre. Parts of the
/// square outside the photo are filled with mid-grey.
/// </remarks>
public static class AgeFaceCrop
{
    /// <summary>Side of the crop in face-box widths.</summary>
    public const double SideToBoxWidth = 0.95;

    /// <summary>Offset of the crop centre below the face-box centre, in face-box widths.</summary>
    public const double CentreBelowBox = 0.08;

    /// <summary>Side in pixels of the returned crop, enough for every input size the age networks use.</summary>
    public const int CropSide = 256;

    /// <summary>Longest side a photo is decoded at before the crop is cut, which leaves a face box well above 72 px.</summary>
    private const int DecodeSide = 1024;

    private static readonly SKSamplingOptions s_sampling = new(SKFilterMode.Linear, SKMipmapMode.Linear);

    /// <summary>
    /// Decodes <paramref name="photo"/>, turns it upright by its EXIF orientation, and returns the crop around
    /// <paramref name="face"/> (a box in upright pixel coordinates) scaled to <see cref="CropSide"/> pixels, or null when the photo cannot be decoded.
    /// </summary>
    public static SKBitmap? Cut(ReadOnlySpan<byte> photo, SkinRegion face)
    {
        ArgumentNullException.ThrowIfNull(face);
        using var data = SKData.CreateCopy(photo);
        using var codec = SKCodec.Create(data);
        if (codec is null)
        {
            return null;
        }

        SKEncodedOrigin origin = codec.EncodedOrigin;
        float scale = Math.Min(1f, (float)DecodeSide / Math.Max(codec.Info.Width, codec.Info.Height));
        SKSizeI size = codec.GetScaledDimensions(scale);
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var stored = new SKBitmap(info);
        SKCodecResult result = codec.GetPixels(info, stored.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            return null;
        }

        // Face boxes are in full-size upright pixels, and the decoded image may be smaller by the same factor per axis.
        bool swaps = UprightDecoding.SwapsAxes(origin);
        float factor = (float)size.Width / codec.Info.Width;
        // Haar face boxes are square, and the analysis clips them to the photo, so the longer side is the box size.
        double boxSide = Math.Max(face.Width, face.Height);
        double side = SideToBoxWidth * boxSide;
        double centreX = face.X + (face.Width / 2.0);
        double centreY = face.Y + (face.Height / 2.0) + (CentreBelowBox * boxSide);
        var square = SKRect.Create(
            (float)(centreX - (side / 2)) * factor,
            (float)(centreY - (side / 2)) * factor,
            (float)side * factor,
            (float)side * factor);

        var crop = new SKBitmap(new SKImageInfo(CropSide, CropSide, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(crop);
        canvas.Clear(new SKColor(128, 128, 128));
        float zoom = CropSide / square.Width;
        canvas.Scale(zoom);
        canvas.Translate(-square.Left, -square.Top);
        canvas.Concat(UprightDecoding.UprightMatrix(origin, swaps ? size.Height : size.Width, swaps ? size.Width : size.Height));
        using var image = SKImage.FromBitmap(stored);
        canvas.DrawImage(image, 0, 0, s_sampling);
        canvas.Flush();
        return crop;
    }
}
