using TorchSharp;
using Skinsight.Core.IO;
using static TorchSharp.torch;

namespace Skinsight.Learning.Training;

/// <summary>
/// Saves and loads module weights as float16, half the size of float32, which keeps a ResNet-18 under the 50 MB a
/// shipped model may take. The module computes in float32 again after each call.
/// </summary>
public static class HalfPrecisionWeights
{
    /// <summary>
    /// Writes the weights of <paramref name="module"/> to <paramref name="path"/> as float16, through a temporary file,
    /// so a stopped save leaves the previous file whole.
    /// </summary>
    /// <remarks>The weights of <paramref name="module"/> are rounded to float16 precision in place.</remarks>
    public static void Save(nn.Module module, string path)
    {
        ArgumentNullException.ThrowIfNull(module);
        module.to(ScalarType.Float16);
        try
        {
            AtomicFile.Write(path, temporary => module.save(temporary));
        }
        finally
        {
            module.to(ScalarType.Float32);
        }
    }

    /// <summary>Reads float16 weights written by <see cref="Save"/> into <paramref name="module"/>.</summary>
    /// <exception cref="ArgumentException">The file does not match the module's parameters.</exception>
    public static void Load(nn.Module module, string path)
    {
        ArgumentNullException.ThrowIfNull(module);
        module.to(ScalarType.Float16);
        try
        {
            module.load(path);
        }
        finally
        {
            module.to(ScalarType.Float32);
        }
    }

    /// <summary>Rounds the weights of <paramref name="module"/> to float16 precision, as <see cref="Save"/> stores them.</summary>
    public static void Round(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        module.to(ScalarType.Float16);
        module.to(ScalarType.Float32);
    }
}
