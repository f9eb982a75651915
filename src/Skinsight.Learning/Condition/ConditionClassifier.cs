using SkiaSharp;
using Skinsight.Learning.Backbone;
using Skinsight.Learning.Data;
using static TorchSharp.torch;
using Skinsight.Core.IO;

namespace Skinsight.Learning.Condition;

/// <summary>
/// Classifies a dermoscopy close-up into the seven HAM10000 classes with a saved model, loaded on first use, and
/// raises the "see a dermatologist" flag when the referral classes together pass the model's threshold.
/// </summary>
/// <remarks>
/// The model was trained on dermoscopy images (HAM10000), not on phone photos. Its probabilities are cosmetic
/// guidance for when to seek a skin check, never a diagnosis. Predictions are serialized by a lock, so one instance
/// can be shared across threads.
/// </remarks>
public sealed class ConditionClassifier : IDisposable
{
    /// <summary>Folder name of the shipped model under <c>models/</c>.</summary>
    public const string DefaultModelName = "condition-classifier";

    /// <summary>File name, in the model folder, of the feature reference of skin photos.</summary>
    public const string SkinReferenceFileName = "skin-reference.bin";

    /// <summary>File name, in the model folder, of the feature reference of dermoscopy close-ups.</summary>
    public const string DermoscopyReferenceFileName = "dermoscopy-reference.bin";

    /// <summary>File name of the discriminant of dermoscopy close-ups against face photos (<see cref="FeatureDiscriminant"/>).</summary>
    public const string FaceDiscriminantFileName = "face-discriminant.bin";

    private readonly Lock _gate = new();
    private readonly string _modelDirectory;
    private (ConditionModelInfo Info, ConditionNetwork Network)? _model;
    private (FeatureReference? Skin, FeatureReference? Dermoscopy)? _references;
    private FeatureDiscriminant? _faceDiscriminant;
    private bool _faceDiscriminantRead;
    private ResNet18Backbone? _referenceBackbone;
    private bool _disposed;

    /// <summary>Creates a classifier for the model folder <paramref name="modelDirectory"/>; nothing is read until the first prediction.</summary>
    public ConditionClassifier(string modelDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelDirectory);
        _modelDirectory = modelDirectory;
    }

    /// <summary>
    /// Returns <c>models/condition-classifier</c> under <c>SKINSIGHT_HOME</c> or in the first folder above the
    /// application that has it (see <see cref="ModelLocation"/>), or null when none has.
    /// </summary>
    public static string? FindDefaultModelDirectory() =>
        ModelLocation.Find(Path.Combine("models", DefaultModelName),
            candidate => File.Exists(Path.Combine(candidate, ConditionModelFiles.InfoFileName)));

    /// <summary>The description of the loaded model; reading it loads the model.</summary>
    /// <exception cref="ModelFormatException">The model folder is missing or invalid.</exception>
    public ConditionModelInfo Info => EnsureLoaded().Info;

    /// <summary>Classifies the image file at <paramref name="imagePath"/>.</summary>
    /// <exception cref="InvalidImageException">The image is missing or cannot be decoded.</exception>
    /// <exception cref="ModelFormatException">The model folder is missing or invalid.</exception>
    public ConditionPrediction Predict(string imagePath) =>
        Predict(size => ImageTensorLoader.Load(imagePath, size));

    /// <summary>Classifies an already decoded image.</summary>
    /// <exception cref="ModelFormatException">The model folder is missing or invalid.</exception>
    public ConditionPrediction Predict(SKBitmap image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Predict(size => ImageTensorLoader.FromBitmap(image, size));
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _model?.Network.Dispose();
            _model = null;
            _referenceBackbone?.Dispose();
            _referenceBackbone = null;
            _disposed = true;
        }
    }

    /// <param name="imageAt">
    /// The image scaled to a given side: requested at each size of the model's views, and at 224 px when the model's
    /// own features cannot serve the references.
    /// </param>
    private ConditionPrediction Predict(Func<int, float[]> imageAt)
    {
        float[] probabilities;
        ConditionModelInfo info;
        InputCheck? check;
        lock (_gate)
        {
            (info, ConditionNetwork network) = EnsureLoaded();
            _references ??= (LoadReference(SkinReferenceFileName), LoadReference(DermoscopyReferenceFileName));
            if (!_faceDiscriminantRead)
            {
                _faceDiscriminant = LoadFaceDiscriminant();
                _faceDiscriminantRead = true;
            }

            if (_references.Value != (null, null) && !SharesReferenceFeatures(info))
            {
                // Created before the dispose scope, which would otherwise take the backbone's weights with it.
                _referenceBackbone ??= PretrainedResNet18.Create();
            }

            using var scope = NewDisposeScope();
            using var disabled = no_grad();
            IReadOnlyList<ViewScale> views = info.AveragedViews;
            Dictionary<int, Tensor> inputs = ImageViews.Sizes(views)
                .ToDictionary(size => size, size => tensor(imageAt(size), [1, 3, size, size]));

            // With one plain view the backbone's features are kept, since a frozen model at 224 px shares them with the references.
            Tensor? features = views is [{ Symmetry: ViewSymmetry.None } only]
                ? network.Backbone.forward(inputs[only.Size])
                : null;
            Tensor output = features is null
                ? ImageViews.Probabilities(network, inputs, views)
                : nn.functional.softmax(network.Head.forward(features), 1);
            probabilities = output.data<float>().ToArray();
            check = CheckInput(info, features, () => imageAt(ResNet18Backbone.PretrainedSize));
        }

        var classes = probabilities
            .Select((p, label) => new ClassProbability(ConditionClasses.Codes[label], ConditionClasses.Names[label], p))
            .ToList();
        double referral = ReferralThreshold.Score(probabilities);
        return new ConditionPrediction(classes, referral, info.ReferralThreshold, referral >= info.ReferralThreshold, check);
    }

    /// <summary>
    /// Compares the photo's ImageNet features with the references and the face discriminant in the model folder, or
    /// returns null when it has no reference. The references were fitted on the frozen ImageNet ResNet-18 at 224 px. A frozen-feature model at that
    /// size shares those features. A fine-tuned model does not separate skin from other photos (a reference fitted
    /// on its features kept 89 of 91 photos without skin inside), so a second, frozen backbone computes them. Called
    /// under the lock.
    /// </summary>
    private InputCheck? CheckInput(ConditionModelInfo info, Tensor? modelFeatures, Func<float[]> referenceInput)
    {
        var (skin, dermoscopy) = _references!.Value;
        if (skin is null && dermoscopy is null)
        {
            return null;
        }

        float[] features;
        if (SharesReferenceFeatures(info) && modelFeatures is not null)
        {
            features = modelFeatures.data<float>().ToArray();
        }
        else
        {
            const int size = ResNet18Backbone.PretrainedSize;
            Tensor input = tensor(referenceInput(), [1, 3, size, size]);
            features = _referenceBackbone!.forward(input).data<float>().ToArray();
        }

        double? skinDistance = skin?.Distance(features);
        double? dermoscopyDistance = dermoscopy?.Distance(features);
        double? faceScore = _faceDiscriminant?.Score(features);
        return new InputCheck(
            skinDistance,
            skinDistance is not { } s || s <= skin!.Threshold,
            dermoscopyDistance,
            dermoscopyDistance is not { } d || d <= dermoscopy!.Threshold,
            faceScore,
            faceScore is { } f && f < _faceDiscriminant!.Threshold);
    }

    private static bool SharesReferenceFeatures(ConditionModelInfo info) =>
        info.Kind == ConditionModelKind.FrozenBackbone && info.InputSize == ResNet18Backbone.PretrainedSize;

    /// <summary>
    /// Returns the face discriminant of the model folder, or null when it is missing, damaged or not fitted on the
    /// 512 reference features. It only adds the acne count to some close-ups, so a bad file must not stop the screen.
    /// </summary>
    private FeatureDiscriminant? LoadFaceDiscriminant()
    {
        string path = Path.Combine(_modelDirectory, FaceDiscriminantFileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            FeatureDiscriminant discriminant = FeatureDiscriminant.Load(path);
            return discriminant.Dimension == ResNet18Backbone.FeatureCount ? discriminant : null;
        }
        catch (ModelFormatException)
        {
            return null;
        }
    }

    private FeatureReference? LoadReference(string fileName)
    {
        string path = Path.Combine(_modelDirectory, fileName);
        return File.Exists(path) ? FeatureReference.Load(path) : null;
    }

    private (ConditionModelInfo Info, ConditionNetwork Network) EnsureLoaded()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _model ??= ConditionModelFiles.Load(_modelDirectory);
            return _model.Value;
        }
    }
}
