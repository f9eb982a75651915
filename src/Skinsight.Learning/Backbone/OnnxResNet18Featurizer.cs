using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Skinsight.Learning.Backbone;

/// <summary>
/// Runs <c>ResNetPreprocess.onnx</c> and <c>ResNet18.onnx</c> with OnnxRuntime, one 224x224 RGB image at a time,
/// as the reference that the TorchSharp port is checked against.
/// </summary>
/// <remarks>Both graphs fix the batch dimension at 1, so images cannot be batched.</remarks>
public sealed class OnnxResNet18Featurizer : IDisposable
{
    private const string PreprocessInput = "OriginalInput";
    private const string ModelInput = "Input247";
    private const string ModelOutput = "Pooling395_Output_0";

    private readonly InferenceSession _preprocess;
    private readonly InferenceSession _model;

    public OnnxResNet18Featurizer()
        : this(PretrainedResNet18.DefaultModelPath, PretrainedResNet18.DefaultPreprocessPath)
    {
    }

    public OnnxResNet18Featurizer(string modelPath, string preprocessPath)
    {
        _preprocess = new InferenceSession(preprocessPath);
        _model = new InferenceSession(modelPath);
    }

    /// <summary>Returns the 512 features of one image given as RGB values 0-255 in [3, 224, 224] layout.</summary>
    /// <exception cref="ArgumentException"><paramref name="rgb"/> does not have 3 x 224 x 224 values.</exception>
    public float[] Extract(float[] rgb)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        int size = ResNet18Backbone.PretrainedSize;
        if (rgb.Length != 3 * size * size)
        {
            throw new ArgumentException($"Expected 3 x {size} x {size} values; got {rgb.Length}.", nameof(rgb));
        }

        var input = new DenseTensor<float>(rgb, [1, 3, size, size]);
        using var preprocessed = _preprocess.Run([NamedOnnxValue.CreateFromTensor(PreprocessInput, input)]);
        var bgr = preprocessed.First().AsTensor<float>().ToDenseTensor();
        using var output = _model.Run([NamedOnnxValue.CreateFromTensor(ModelInput, bgr)]);
        return output.First(v => v.Name == ModelOutput).AsEnumerable<float>().ToArray();
    }

    public void Dispose()
    {
        _preprocess.Dispose();
        _model.Dispose();
    }
}
