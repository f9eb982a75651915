using SkiaSharp;

namespace Skinsight.Learning.Acne;

/// <summary>
/// Counts acne lesions on face photos with a saved lesion-counting grader (<see cref="AcneGraderKind.LesionCounting"/>),
/// loaded on first use. Calls are serialized by a lock, so one instance can be shared across threads.
/// </summary>
public sealed class AcneLesionCounter : IDisposable
{
    private readonly Lock _gate = new();
    private readonly string _modelDirectory;
    private (AcneGraderInfo Info, AcneLesionDetector Detector)? _model;
    private bool _disposed;

    /// <summary>Creates a counter for the model folder <paramref name="modelDirectory"/>, which is read at the first call.</summary>
    public AcneLesionCounter(string modelDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelDirectory);
        _modelDirectory = modelDirectory;
    }

    /// <summary>
    /// Returns <c>models/acne-lesions</c> in the first folder, walking up from the application folder, that has it,
    /// or null when none has or when the grader there is not a lesion-counting one.
    /// </summary>
    public static string? FindDefaultModelDirectory() =>
        AcneGraderModel.FindDefault(AcneGraderModel.LesionModelName, AcneGraderKind.LesionCounting);

    /// <summary>Returns <paramref name="directory"/> when it contains a readable lesion-counting grader, else null.</summary>
    public static string? FindModelIn(string directory) => AcneGraderModel.FindIn(directory, AcneGraderKind.LesionCounting);

    /// <summary>
    /// Finds the lesions of <paramref name="photo"/>, and returns them with the model's test count error and the
    /// spread of its count errors on val (<see cref="AcneLesionCounting.ValidationLogCountSpread"/>, null when the
    /// model does not record it).
    /// </summary>
    /// <exception cref="ModelFormatException">The model folder is missing or invalid.</exception>
    public (AcneLesionResult Result, double CountMae, double? LogCountSpread) Count(SKBitmap photo)
    {
        ArgumentNullException.ThrowIfNull(photo);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _model ??= AcneGraderModel.LoadLesionCounting(_modelDirectory);
            AcneLesionCounting counting = _model.Value.Info.LesionCounting!;
            return (_model.Value.Detector.Detect(photo), counting.TestCountMae, counting.ValidationLogCountSpread);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _model?.Detector.Dispose();
            _model = null;
            _disposed = true;
        }
    }
}
