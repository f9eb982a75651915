using Skinsight.Learning.Onnx;
using static TorchSharp.torch;

namespace Skinsight.Learning.Backbone;

/// <summary>
/// Locates the ImageNet ResNet-18 shipped by the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 0.24.0
/// and copies its ONNX weights into a <see cref="ResNet18Backbone"/>.
/// </summary>
public static class PretrainedResNet18
{
    /// <summary>Name of the mean-image initializer in <c>ResNetPreprocess.onnx</c>.</summary>
    private const string MeanImageName = "MeanImage";

    /// <summary>Path of <c>ResNet18.onnx</c> in the build output of any project that references the package.</summary>
    public static string DefaultModelPath =>
        Path.Combine(AppContext.BaseDirectory, "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx");

    /// <summary>Path of <c>ResNetPreprocess.onnx</c>, which contains the BGR mean image.</summary>
    public static string DefaultPreprocessPath =>
        Path.Combine(AppContext.BaseDirectory, "DnnImageModels", "ResNetPrepOnnx", "ResNetPreprocess.onnx");

    /// <summary>Creates a backbone with the pretrained weights and mean image from the default paths.</summary>
    /// <exception cref="ModelFormatException">A file is missing or its graph differs from the expected ResNet-18.</exception>
    public static ResNet18Backbone Create() => Create(DefaultModelPath, DefaultPreprocessPath);

    /// <summary>Creates a backbone with the weights of <paramref name="modelPath"/> and the mean image of <paramref name="preprocessPath"/>.</summary>
    /// <exception cref="ModelFormatException">A file is missing or its graph differs from the expected ResNet-18.</exception>
    public static ResNet18Backbone Create(string modelPath, string preprocessPath) =>
        Create(modelPath, preprocessPath, ResNet18Backbone.StageCount);

    /// <summary>Creates a backbone of the first <paramref name="stages"/> stages with the default ImageNet weights.</summary>
    /// <exception cref="ModelFormatException">A file is missing or its graph differs from the expected ResNet-18.</exception>
    public static ResNet18Backbone Create(int stages) => Create(DefaultModelPath, DefaultPreprocessPath, stages);

    private static ResNet18Backbone Create(string modelPath, string preprocessPath, int stages)
    {
        var backbone = new ResNet18Backbone(stages);
        try
        {
            LoadWeights(backbone, OnnxModelReader.Read(modelPath), modelPath);
            backbone.SetMeanImage(ReadMeanImage(preprocessPath));
        }
        catch
        {
            backbone.Dispose();
            throw;
        }

        backbone.eval();
        return backbone;
    }

    /// <summary>Reads the BGR mean image, shape [1, 3, 224, 224], from <c>ResNetPreprocess.onnx</c>.</summary>
    public static float[] ReadMeanImage(string preprocessPath)
    {
        OnnxGraph graph = OnnxModelReader.Read(preprocessPath);
        if (!graph.Initializers.TryGetValue(MeanImageName, out OnnxTensor? mean))
        {
            throw new ModelFormatException(
                $"The preprocessing model {preprocessPath} has no initializer {MeanImageName}; " +
                "use ResNetPreprocess.onnx from Microsoft.ML.DnnImageFeaturizer.ResNet18 0.24.0.");
        }

        return mean.Data;
    }

    /// <summary>
    /// Copies each Conv weight and the BatchNormalization that consumes its output into the matching layer, in
    /// graph order, after checking kernel, stride and padding.
    /// </summary>
    private static void LoadWeights(ResNet18Backbone backbone, OnnxGraph graph, string modelPath)
    {
        List<OnnxNode> convNodes = graph.Nodes.Where(n => n.OpType == "Conv").ToList();
        List<ConvBatchNorm> layers = backbone.ConvolutionsInGraphOrder.ToList();
        if (backbone.Stages == ResNet18Backbone.StageCount ? convNodes.Count != layers.Count : convNodes.Count < layers.Count)
        {
            throw new ModelFormatException(
                $"The model {modelPath} has {convNodes.Count} convolutions; the ResNet-18 port expects {layers.Count}.");
        }

        using var disabled = no_grad();
        for (int i = 0; i < layers.Count; i++)
        {
            OnnxNode convNode = convNodes[i];
            CheckAttributes(convNode, layers[i].Spec, modelPath);
            OnnxNode normNode = graph.FindConsumer(convNode.Outputs[0], "BatchNormalization")
                ?? throw new ModelFormatException(
                    $"The convolution {convNode.Outputs[0]} in {modelPath} is not followed by batch normalization.");

            Copy(graph, convNode.Inputs[1], layers[i].Conv.weight!, modelPath);
            Copy(graph, normNode.Inputs[1], layers[i].Norm.weight!, modelPath);
            Copy(graph, normNode.Inputs[2], layers[i].Norm.bias!, modelPath);
            Copy(graph, normNode.Inputs[3], layers[i].Norm.running_mean!, modelPath);
            Copy(graph, normNode.Inputs[4], layers[i].Norm.running_var!, modelPath);
        }
    }

    private static void CheckAttributes(OnnxNode node, ConvSpec spec, string modelPath)
    {
        long[] expectedPads = [spec.PadBefore, spec.PadBefore, spec.PadAfter, spec.PadAfter];
        bool matches = node.IntAttributes.TryGetValue("kernel_shape", out long[]? kernel)
            && kernel.SequenceEqual([spec.Kernel, spec.Kernel])
            && node.IntAttributes.TryGetValue("strides", out long[]? strides)
            && strides.SequenceEqual([spec.Stride, spec.Stride])
            && node.IntAttributes.TryGetValue("pads", out long[]? pads)
            && pads.SequenceEqual(expectedPads);
        if (!matches)
        {
            throw new ModelFormatException(
                $"The convolution {node.Outputs[0]} in {modelPath} does not have kernel {spec.Kernel}, " +
                $"stride {spec.Stride} and pads [{string.Join(',', expectedPads)}] as the ResNet-18 port expects.");
        }
    }

    private static void Copy(OnnxGraph graph, string name, Tensor target, string modelPath)
    {
        if (!graph.Initializers.TryGetValue(name, out OnnxTensor? source))
        {
            throw new ModelFormatException($"The model {modelPath} has no float initializer {name}.");
        }

        if (!source.Dims.SequenceEqual(target.shape))
        {
            throw new ModelFormatException(
                $"The initializer {name} in {modelPath} has shape [{string.Join(',', source.Dims)}]; " +
                $"the layer expects [{string.Join(',', target.shape)}].");
        }

        using Tensor values = tensor(source.Data, source.Dims);
        target.copy_(values);
    }
}
