using System.Diagnostics;
using OpenCvSharp;
using Skinsight.Core;
using Skinsight.Vision.Evaluation;
using SkiaSharp;

namespace Skinsight.Vision.Lesions;

/// <summary>Agreement of a lesion segmenter with the lesion masks of a data set.</summary>
/// <param name="MeanDice">Mean over images of the Dice coefficient 2|P∩T| / (|P| + |T|).</param>
/// <param name="MeanJaccard">Mean over images of the Jaccard index |P∩T| / |P∪T|.</param>
/// <param name="MedianJaccard">Median over images of the Jaccard index.</param>
/// <param name="ThresholdedJaccard">
/// Mean Jaccard with every image under 0.65 counted as 0, the ISIC 2018 challenge's score, which punishes failures.
/// </param>
/// <param name="EmptyPredictions">Images where no lesion was found.</param>
/// <param name="N">Images scored.</param>
/// <param name="MsPerImage">Mean time to read and segment one image, in milliseconds.</param>
public sealed record LesionSegmentationScore(
    double MeanDice,
    double MeanJaccard,
    double MedianJaccard,
    double ThresholdedJaccard,
    int EmptyPredictions,
    int N,
    double MsPerImage);

/// <summary>
/// Scores the lesion segmentation on a folder laid out like HAM10000 with masks: <c>metadata.csv</c> with the columns
/// <c>image_file</c> and <c>mask_file</c> (relative to the folder) and, for <c>--split</c>, <c>dermamnist_split</c>.
/// </summary>
public static class LesionSegmentationEvaluation
{
    public const string MetadataFileName = "metadata.csv";
    public const string SplitColumn = "dermamnist_split";

    private static readonly SkinAnalyzerOptions s_limits = new();

    /// <summary>Segments every selected image and compares it with its mask (white, above 127, is lesion).</summary>
    /// <param name="dataDir">The data folder.</param>
    /// <param name="split">Only rows whose split column equals this; null for every row.</param>
    /// <param name="options">Segmenter settings; null for the defaults.</param>
    /// <param name="stride">Score every n-th selected row only (1 for all), for quick tuning runs.</param>
    /// <param name="progress">Receives the images scored and the images to score after each image; null for none.</param>
    /// <exception cref="InvalidInputException">
    /// The metadata file or a column is missing, no row has the split, or an image or mask cannot be read.
    /// </exception>
    public static LesionSegmentationScore Evaluate(
        string dataDir,
        string? split = null,
        LesionSegmenterOptions? options = null,
        int stride = 1,
        IProgress<(int Done, int Total)>? progress = null) =>
        Evaluate(dataDir, image => LesionSegmenter.Segment(image, options), split, stride, progress);

    /// <summary>
    /// Segments every selected image with <paramref name="segment"/> and compares the result with its mask (white,
    /// above 127, is lesion). <paramref name="segment"/> receives an 8-bit BGR image and returns an 8-bit mask that
    /// the caller disposes.
    /// </summary>
    /// <inheritdoc cref="Evaluate(string, string?, LesionSegmenterOptions?, int, IProgress{ValueTuple{int, int}}?)"/>
    public static LesionSegmentationScore Evaluate(
        string dataDir,
        Func<Mat, Mat> segment,
        string? split = null,
        int stride = 1,
        IProgress<(int Done, int Total)>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        var table = LabelTable.Read(Path.Combine(dataDir, MetadataFileName), "image_file", "mask_file");
        var rows = table.Select(SplitColumn, split).Where((_, i) => i % stride == 0).ToList();

        // Every listed file is checked before the first image is segmented, so that a file missing near the end of a
        // long run fails at once.
        foreach (int row in rows)
        {
            RequireFile(dataDir, table[row, "image_file"]);
            RequireFile(dataDir, table[row, "mask_file"]);
        }

        var dice = new List<double>(rows.Count);
        var jaccard = new List<double>(rows.Count);
        int empty = 0;
        var stopwatch = Stopwatch.StartNew();
        foreach (int row in rows)
        {
            using Mat image = Read(dataDir, table[row, "image_file"], ImreadModes.Color);
            using Mat truth = Read(dataDir, table[row, "mask_file"], ImreadModes.Grayscale);
            using Mat predicted = segment(image);
            if (Cv2.CountNonZero(predicted) == 0)
            {
                empty++;
            }

            var (d, j) = Compare(predicted, truth);
            dice.Add(d);
            jaccard.Add(j);
            progress?.Report((dice.Count, rows.Count));
        }

        double[] sorted = [.. jaccard.Order()];
        return new LesionSegmentationScore(
            Math.Round(dice.Average(), 4),
            Math.Round(jaccard.Average(), 4),
            Math.Round(sorted[sorted.Length / 2], 4),
            Math.Round(jaccard.Average(j => j < 0.65 ? 0 : j), 4),
            empty,
            rows.Count,
            Math.Round(stopwatch.Elapsed.TotalMilliseconds / rows.Count, 2));
    }

    /// <summary>
    /// Returns the Dice coefficient and Jaccard index of a predicted mask against a true one (both above 127 count),
    /// resizing the prediction to the truth's size. Two empty masks agree fully.
    /// </summary>
    public static (double Dice, double Jaccard) Compare(Mat predicted, Mat truth)
    {
        using var p = new Mat();
        using var t = new Mat();
        Cv2.Threshold(truth, t, 127, 255, ThresholdTypes.Binary);
        if (predicted.Size() != truth.Size())
        {
            Cv2.Resize(predicted, p, truth.Size(), 0, 0, InterpolationFlags.Nearest);
            Cv2.Threshold(p, p, 127, 255, ThresholdTypes.Binary);
        }
        else
        {
            Cv2.Threshold(predicted, p, 127, 255, ThresholdTypes.Binary);
        }

        using var both = new Mat();
        Cv2.BitwiseAnd(p, t, both);
        double intersection = Cv2.CountNonZero(both);
        double sizes = Cv2.CountNonZero(p) + Cv2.CountNonZero(t);
        if (sizes == 0)
        {
            return (1, 1);
        }

        return (2 * intersection / sizes, intersection / (sizes - intersection));
    }

    private static string RequireFile(string dataDir, string relative)
    {
        string path = Path.Combine(dataDir, relative);
        return File.Exists(path)
            ? path
            : throw new InvalidInputException($"The file {path} listed in {MetadataFileName} was not found.");
    }

    private static Mat Read(string dataDir, string relative, ImreadModes mode)
    {
        string path = RequireFile(dataDir, relative);
        ThrowIfTooLarge(path);
        Mat image = Cv2.ImRead(path, mode);
        if (image.Empty())
        {
            image.Dispose();
            throw new InvalidInputException($"The file {path} listed in {MetadataFileName} is not a readable image.");
        }

        return image;
    }

    /// <summary>
    /// Checks the size in the image header against the photo analysis's default limits, because Cv2.ImRead
    /// allocates the whole decoded image: 2.7 GB for a 30000x30000 colour PNG. Files Skia cannot open are left to
    /// OpenCV.
    /// </summary>
    private static void ThrowIfTooLarge(string path)
    {
        using SKCodec? codec = SKCodec.Create(path);
        if (codec is null)
        {
            return;
        }

        int width = codec.Info.Width;
        int height = codec.Info.Height;
        if ((long)width * height > s_limits.MaxPixels || Math.Max(width, height) > s_limits.MaxSide)
        {
            throw new InvalidInputException(
                $"The file {path} listed in {MetadataFileName} is {width}x{height} pixels, above the limit of "
                + $"{s_limits.MaxPixels / 1_000_000} megapixels and {s_limits.MaxSide} px per side; resize it.");
        }
    }
}
