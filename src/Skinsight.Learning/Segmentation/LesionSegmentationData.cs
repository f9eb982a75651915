using OpenCvSharp;
using Skinsight.Core;
using Skinsight.Vision.Evaluation;
using Skinsight.Vision.Lesions;

namespace Skinsight.Learning.Segmentation;

/// <summary>
/// Images and lesion masks of one split, kept as bytes: inputs as RGB channel-major [3, H, W] at the network's input
/// size, masks at the same size as 0-255 lesion coverage, and optionally the full-size masks for scoring.
/// </summary>
public sealed class LesionSegmentationData
{
    private LesionSegmentationData(int count, int width, int height, byte[] inputs, byte[] masks, Mat[] fullMasks)
    {
        Count = count;
        Width = width;
        Height = height;
        Inputs = inputs;
        Masks = masks;
        FullMasks = fullMasks;
    }

    public int Count { get; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Inputs back to back, each RGB channel-major [3, Height, Width].</summary>
    public byte[] Inputs { get; }

    /// <summary>Masks back to back, each [Height, Width], the share of the pixel covered by lesion times 255.</summary>
    public byte[] Masks { get; }

    /// <summary>The masks at the image's own size (255 lesion, 0 skin), or empty when not kept.</summary>
    public IReadOnlyList<Mat> FullMasks { get; }

    /// <summary>Reads the rows of <paramref name="split"/> (every row when null) of the folder's metadata.csv.</summary>
    /// <param name="keepFullMasks">Whether to keep the masks at full size, for scoring at the image's resolution.</param>
    /// <exception cref="DataSetException">The metadata, a column, an image or a mask is missing or unreadable.</exception>
    public static LesionSegmentationData Load(string dataDir, string? split, int width, int height, bool keepFullMasks)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDir);
        LabelTable table;
        IReadOnlyList<int> rows;
        try
        {
            table = LabelTable.Read(Path.Combine(dataDir, LesionSegmentationEvaluation.MetadataFileName),
                "image_file", "mask_file");
            rows = table.Select(LesionSegmentationEvaluation.SplitColumn, split);
        }
        catch (InvalidInputException e)
        {
            throw new DataSetException(e.Message, e);
        }

        int inputLength = 3 * width * height;
        var inputs = new byte[rows.Count * inputLength];
        var masks = new byte[rows.Count * width * height];
        var full = keepFullMasks ? new Mat[rows.Count] : [];
        for (int i = 0; i < rows.Count; i++)
        {
            using Mat image = Read(dataDir, table[rows[i], "image_file"], ImreadModes.Color);
            Mat mask = Read(dataDir, table[rows[i], "mask_file"], ImreadModes.Grayscale);
            ToInput(image, width, height).CopyTo(inputs, i * inputLength);
            using (var small = new Mat())
            {
                Cv2.Resize(mask, small, new Size(width, height), 0, 0, InterpolationFlags.Area);
                small.GetArray(out byte[] values);
                values.CopyTo(masks, i * width * height);
            }

            if (keepFullMasks)
            {
                Cv2.Threshold(mask, mask, 127, 255, ThresholdTypes.Binary);
                full[i] = mask;
            }
            else
            {
                mask.Dispose();
            }
        }

        return new LesionSegmentationData(rows.Count, width, height, inputs, masks, full);
    }

    /// <summary>Scales an 8-bit BGR image to <paramref name="width"/> x <paramref name="height"/> and returns its RGB bytes, channel-major.</summary>
    public static byte[] ToInput(Mat bgr, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(bgr);
        using var small = new Mat();
        Cv2.Resize(bgr, small, new Size(width, height), 0, 0, InterpolationFlags.Area);
        small.GetArray(out Vec3b[] pixels);
        int plane = width * height;
        var rgb = new byte[3 * plane];
        for (int i = 0; i < plane; i++)
        {
            rgb[i] = pixels[i].Item2;
            rgb[plane + i] = pixels[i].Item1;
            rgb[(2 * plane) + i] = pixels[i].Item0;
        }

        return rgb;
    }

    private static Mat Read(string dataDir, string relative, ImreadModes mode)
    {
        string path = Path.Combine(dataDir, relative);
        if (!File.Exists(path))
        {
            throw new DataSetException(
                $"The file {path} listed in {LesionSegmentationEvaluation.MetadataFileName} was not found.");
        }

        Mat image = Cv2.ImRead(path, mode);
        if (image.Empty())
        {
            image.Dispose();
            throw new DataSetException(
                $"The file {path} listed in {LesionSegmentationEvaluation.MetadataFileName} is not a readable image.");
        }

        return image;
    }
}
