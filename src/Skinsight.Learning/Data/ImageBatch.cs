using static TorchSharp.torch;

namespace Skinsight.Learning.Data;

/// <summary>Decodes a run of labelled images into one [count, 3, size, size] tensor of RGB values 0-255.</summary>
public static class ImageBatch
{
    /// <summary>Decodes images <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> - 1 in parallel.</summary>
    /// <exception cref="InvalidImageException">An image cannot be decoded; the first such failure is thrown.</exception>
    public static Tensor Load(IReadOnlyList<LabeledImage> images, int start, int count, int size)
    {
        ArgumentNullException.ThrowIfNull(images);
        int imageLength = 3 * size * size;
        var batch = new float[count * imageLength];
        ParallelDecoding.For(count, i =>
        {
            float[] rgb = ImageTensorLoader.Load(images[start + i].ImagePath, size);
            rgb.CopyTo(batch, i * imageLength);
        });
        return tensor(batch, [count, 3, size, size]);
    }
}
