namespace Skinsight.Learning.Generative;

/// <summary>The two generator and discriminator families.</summary>
public enum GanArchitecture
{
    /// <summary>DCGAN: strided transposed convolutions up to 64x64 pixels, strided convolutions down.</summary>
    Convolutional,

    /// <summary>
    /// The fully connected baseline of the seed's sketch: two hidden layers each way over 28x28 pixels per channel
    /// (784 values, as in the sketch, times three colour channels).
    /// </summary>
    Dense,
}

/// <summary>The shape of a GAN: everything needed to rebuild its networks before loading weights.</summary>
/// <param name="ClassNames">
/// Class names for the class-conditional variant, in label order; empty for an unconditional GAN.
/// </param>
/// <param name="Width">Channels of the last convolution (convolutional) or units of the first hidden layer (dense).</param>
public sealed record GanSpec(
    GanArchitecture Architecture,
    IReadOnlyList<string> ClassNames,
    int LatentSize = 100,
    int Width = 32)
{
    /// <summary>True when the networks take a class label.</summary>
    public bool Conditional => ClassNames.Count > 0;

    /// <summary>Side length of the images the generator writes and the discriminator reads.</summary>
    public int ImageSize => Architecture == GanArchitecture.Convolutional ? 64 : 28;

    /// <summary>Builds an untrained generator of this shape.</summary>
    public GanGenerator CreateGenerator() => Architecture == GanArchitecture.Convolutional
        ? new ConvolutionalGenerator(this)
        : new DenseGenerator(this);

    /// <summary>Builds an untrained discriminator of this shape.</summary>
    public GanDiscriminator CreateDiscriminator() => Architecture == GanArchitecture.Convolutional
        ? new ConvolutionalDiscriminator(this)
        : new DenseDiscriminator(this);

    /// <summary>Returns the label of <paramref name="className"/>, matched without regard to case.</summary>
    /// <exception cref="LearningException">The GAN is unconditional or has no such class.</exception>
    public int LabelOf(string className)
    {
        if (!Conditional)
        {
            throw new LearningException(
                $"This GAN is not class-conditional, so --class {className} cannot be used; train one with --conditional.");
        }

        for (int i = 0; i < ClassNames.Count; i++)
        {
            if (string.Equals(ClassNames[i], className, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new LearningException(
            $"The class '{className}' is not one of this GAN's classes: {string.Join(", ", ClassNames)}.");
    }
}
