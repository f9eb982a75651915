using SkiaSharp;
using Skinsight.Learning.Condition;
using Skinsight.Learning.Data;
using static TorchSharp.torch;

namespace Skinsight.Learning.Acne;

/// <summary>
/// Grades the acne of whole photos with a saved fine-tuned grader (<see cref="AcneGraderKind.FineTuned"/>), loaded on
/// first use. Calls are serialized by a lock, so one instance can be shared across threads.
/// </summary>
public sealed class AcnePhotoGrader : IDisposable
{
    private readonly Lock _gate = new();
    private readonly string _modelDirectory;
    private (AcneGraderInfo Info, ConditionNetwork Network)? _model;
    private bool _disposed;

    /// <summary>Creates a grader for the model folder <paramref name="modelDirectory"/>, which is read at the first call.</summary>
    public AcnePhotoGrader(string modelDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelDirectory);
        _modelDirectory = modelDirectory;
    }

    /// <summary>
    /// Returns <c>models/acne-grader</c> in the first folder, walking up from the application folder, that has it,
    /// or null when none has or when the grader there is not a fine-tuned one.
    /// </summary>
    public static string? FindDefaultModelDirectory() =>
        AcneGraderModel.FindDefault(AcneGraderModel.DefaultModelName, AcneGraderKind.FineTuned);

    /// <summary>Returns <paramref name="directory"/> when it contains a readable fine-tuned grader, else null.</summary>
    public static string? FindModelIn(string directory) => AcneGraderModel.FindIn(directory, AcneGraderKind.FineTuned);

    /// <summary>
    /// Returns the probabilities of grades 0-3 for the whole photo, stretched to the grader's square input and averaged
    /// over the grader's views.
    /// </summary>
    /// <exception cref="ModelFormatException">The model folder is missing or invalid.</exception>
    public float[] Probabilities(SKBitmap photo)
    {
        ArgumentNullException.ThrowIfNull(photo);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _model ??= AcneGraderModel.LoadFineTuned(_modelDirectory);
            (AcneGraderInfo info, ConditionNetwork network) = _model.Value;
            IReadOnlyList<ViewScale> views = info.AveragedViews;
            using var scope = NewDisposeScope();
            using var disabled = no_grad();
            Dictionary<int, Tensor> inputs = ImageViews.Sizes(views)
                .ToDictionary(size => size, size => tensor(ImageTensorLoader.FromBitmap(photo, size), [1, 3, size, size]));
            return ImageViews.Probabilities(network, inputs, views).data<float>().ToArray();
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
