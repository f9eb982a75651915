using TorchSharp;
using static TorchSharp.torch;

namespace Skinsight.Learning.Age;

/// <summary>
/// A network that maps square face crops, RGB 0-255 of shape [N, 3, S, S], to one age in decades (years / 10) per
/// image. <see cref="AgeNetwork"/> is trained from scratch; <see cref="AgeResNet"/> starts from ImageNet weights.
/// </summary>
public abstract class AgeRegressor : nn.Module<Tensor, Tensor>
{
    /// <summary>
    /// Largest input side either architecture accepts. UTKFace crops are 200 px, so a larger window only enlarges
    /// them, and the images are held in memory at about this size squared.
    /// </summary>
    public const int MaxInputSize = 224;

    protected AgeRegressor(string name, int inputSize)
        : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 16);
        InputSize = inputSize;
    }

    /// <summary>Side in pixels of the square input.</summary>
    public int InputSize { get; }

    /// <summary>Sets the output bias to <paramref name="decades"/>, so training starts from the mean age.</summary>
    public abstract void InitialiseOutput(double decades);

    /// <summary>Creates the network that <paramref name="options"/> name, with random or pretrained starting weights.</summary>
    /// <param name="pretrained">
    /// Load the ImageNet weights where the architecture has them; false when saved weights will replace them anyway.
    /// </param>
    /// <exception cref="LearningException">The architecture is unknown or the input size does not suit it.</exception>
    public static AgeRegressor Create(AgeTrainingOptions options, bool pretrained)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Architecture switch
        {
            AgeNetwork.ArchitectureName when IsSuitable(options.InputSize, multiple: 16, min: 32) =>
                new AgeNetwork(options.Width, options.InputSize),
            AgeResNet.ArchitectureName when IsSuitable(options.InputSize, multiple: 32, min: 64) =>
                new AgeResNet(options.InputSize, pretrained),
            AgeNetwork.ArchitectureName or AgeResNet.ArchitectureName => throw new LearningException(
                $"The input size {options.InputSize} does not suit the {options.Architecture} age network; use a "
                + $"multiple of 16 from 32 to {MaxInputSize} for vgg, or of 32 from 64 to {MaxInputSize} for resnet18."),
            _ => throw new LearningException(
                $"The age network architecture '{options.Architecture}' is unknown; use "
                + $"{AgeNetwork.ArchitectureName} or {AgeResNet.ArchitectureName}."),
        };
    }

    private static bool IsSuitable(int inputSize, int multiple, int min) =>
        inputSize % multiple == 0 && inputSize >= min && inputSize <= MaxInputSize;
}
