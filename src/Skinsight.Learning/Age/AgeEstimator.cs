using SkiaSharp;
using Skinsight.Core.IO;

namespace Skinsight.Learning.Age;

/// <summary>An estimated apparent age in years, with the model's test MAE as its uncertainty.</summary>
public sealed record AgeEstimate(double Years, double MaeYears);

/// <summary>
/// Estimates apparent age from a face crop with a saved age model, loaded on first use.
/// </summary>
/// <remarks>
/// The model was trained on UTKFace's aligned face crops, so the input should be a square around the face with a
/// margin like theirs. The estimate is cosmetic (how old the skin looks), never a medical finding. Predictions are
/// serialized by a lock, so one instance can be shared across threads.
/// </remarks>
public sealed class AgeEstimator : IDisposable
{
    /// <summary>Folder name of the shipped model under <c>models/</c>.</summary>
    public const string DefaultModelName = "skin-age";

    private readonly Lock _gate = new();
    private readonly string _modelDirectory;
    private (AgeModelInfo Info, AgeRegressor Network)? _model;
    private bool _disposed;

    /// <summary>Creates an estimator for the model folder <paramref name="modelDirectory"/>, which is read at the first estimate.</summary>
    public AgeEstimator(string modelDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelDirectory);
        _modelDirectory = modelDirectory;
    }

    /// <summary>
    /// Returns <c>models/skin-age</c> under <c>SKINSIGHT_HOME</c> or in the first folder above the application that
    /// has it (see <see cref="ModelLocation"/>), or null when none has.
    /// </summary>
    public static string? FindDefaultModelDirectory() =>
        ModelLocation.Find(Path.Combine("models", DefaultModelName), candidate =>
            File.Exists(Path.Combine(candidate, AgeModelFiles.WeightsFileName))
            && File.Exists(Path.Combine(candidate, AgeModelFiles.InfoFileName)));

    /// <summary>Estimates the age of the face that fills <paramref name="faceCrop"/> the way a UTKFace crop does.</summary>
    /// <exception cref="ModelFormatException">The model folder is missing or invalid.</exception>
    public AgeEstimate Estimate(SKBitmap faceCrop)
    {
        ArgumentNullException.ThrowIfNull(faceCrop);
        lock (_gate)
        {
            (AgeModelInfo info, AgeRegressor network) = EnsureLoaded();
            byte[] stored = AgeImages.Scale(faceCrop, AgeImages.StoredSizeFor(network.InputSize));
            double years = AgeTraining.Predict(network, stored, info.Options.MirrorAverage)[0];
            return new AgeEstimate(years, info.Uncertainty);
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

    private (AgeModelInfo Info, AgeRegressor Network) EnsureLoaded()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _model ??= AgeModelFiles.Load(_modelDirectory);
            return _model.Value;
        }
    }
}
