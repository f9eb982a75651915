using OpenCvSharp;
using Skinsight.Core.IO;

namespace Skinsight.Learning.Segmentation;

/// <summary>
/// Segments the lesion of a dermoscopy close-up with a saved lesion U-Net, loaded on first use.
/// </summary>
/// <remarks>
/// The model was trained on HAM10000 dermoscopy images with one lesion near the centre, so on other photos it may
/// miss or merge spots. It returns only the largest region. Predictions are serialized by a lock, so one instance
/// can be shared across threads.
/// </remarks>
public sealed class LearnedLesionSegmenter : IDisposable
{
    /// <summary>Folder name of the shipped model under <c>models/</c>.</summary>
    public const string DefaultModelName = "lesion-segmenter";

    private readonly Lock _gate = new();
    private readonly string _modelDirectory;
    private (LesionSegmenterInfo Info, LesionUNet Network)? _model;
    private bool _disposed;

    /// <summary>Creates a segmenter for the model folder <paramref name="modelDirectory"/>, which is read at the first call.</summary>
    public LearnedLesionSegmenter(string modelDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelDirectory);
        _modelDirectory = modelDirectory;
    }

    /// <summary>
    /// Returns <c>models/lesion-segmenter</c> under <c>SKINSIGHT_HOME</c> or in the first folder above the application
    /// that has it (see <see cref="ModelLocation"/>), or null when none has.
    /// </summary>
    public static string? FindDefaultModelDirectory() =>
        ModelLocation.Find(Path.Combine("models", DefaultModelName), IsModelDirectory);

    /// <summary>True when <paramref name="directory"/> contains both files of a lesion segmenter.</summary>
    public static bool IsModelDirectory(string directory) =>
        File.Exists(Path.Combine(directory, LesionSegmenterFiles.WeightsFileName))
        && File.Exists(Path.Combine(directory, LesionSegmenterFiles.InfoFileName));

    /// <summary>Segments the lesion of an 8-bit BGR image.</summary>
    /// <returns>An 8-bit mask of the image's size: 255 on the lesion, 0 elsewhere; all 0 when none was found.</returns>
    /// <exception cref="ArgumentException">The image is empty or not 8-bit with 3 channels.</exception>
    /// <exception cref="ModelFormatException">The model folder is missing or invalid.</exception>
    public Mat Segment(Mat bgr)
    {
        ArgumentNullException.ThrowIfNull(bgr);
        if (bgr.Empty() || bgr.Type() != MatType.CV_8UC3)
        {
            throw new ArgumentException("The image must be a non-empty 8-bit BGR matrix.", nameof(bgr));
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _model ??= LesionSegmenterFiles.Load(_modelDirectory);
            var (info, network) = _model.Value;
            int width = info.Options.InputWidth, height = info.Options.InputHeight;
            byte[] input = LesionSegmentationData.ToInput(bgr, width, height);
            float[] probabilities = LesionSegmentationTraining.Probabilities(network, input, width, height);
            return LesionSegmentationTraining.ToMask(probabilities, 0, width, height, bgr.Size());
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _model?.Network.Dispose();
            _model = null;
            _disposed = true;
        }
    }
}
