using TorchSharp;
using TorchSharp.Modules;
using Skinsight.Core.IO;
using static TorchSharp.torch;

namespace Skinsight.Learning.Training;

/// <summary>
/// Saves and loads module weights as float16, half the size of float32, which keeps a ResNet-18 under the 50 MB a
/// shipped model may take. Batch normalisation layers stay in float32: their running variance can pass float16's
/// largest value (65,504) when the input is in 0-255 units, as the ResNet-18 stem's is, and would be stored as
/// infinity, which silences that channel. The module computes in float32 again after each call.
/// </summary>
public static class HalfPrecisionWeights
{
    /// <summary>
    /// Writes the weights of <paramref name="module"/> to <paramref name="path"/> as float16, batch normalisation
    /// layers as float32, through a temporary file, so a stopped save leaves the previous file whole.
    /// </summary>
    /// <remarks>The weights of <paramref name="module"/> are rounded to float16 precision in place.</remarks>
    public static void Save(nn.Module module, string path)
    {
        ArgumentNullException.ThrowIfNull(module);
        ToStoredPrecision(module);
        try
        {
            AtomicFile.Write(path, temporary => module.save(temporary));
        }
        finally
        {
            module.to(ScalarType.Float32);
        }
    }

    /// <summary>
    /// Reads weights written by <see cref="Save"/> into <paramref name="module"/>. Files written before batch
    /// normalisation layers were kept in float32 contain only float16 values, and weights written during training
    /// contain float32. Both are read as well.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The file fits the module's parameters in none of the three layouts; the message gives each layout's reason.
    /// </exception>
    public static void Load(nn.Module module, string path)
    {
        ArgumentNullException.ThrowIfNull(module);
        (string Name, Action<nn.Module> Convert)[] layouts =
        [
            ("float16 with float32 normalisation", ToStoredPrecision),
            ("all float16", m => m.to(ScalarType.Float16)),
            ("float32", m => m.to(ScalarType.Float32)),
        ];
        var failures = new List<Exception>();
        try
        {
            foreach ((_, Action<nn.Module> convert) in layouts)
            {
                try
                {
                    convert(module);
                    module.load(path);
                    return;
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                {
                    failures.Add(e);
                }
            }
        }
        finally
        {
            module.to(ScalarType.Float32);
        }

        // Only one layout is the file's, and its failure names the real cause (a missing or resized tensor), while the
        // others fail on data types. So every distinct reason is given, each with its layout.
        string reason = failures.Select(f => f.Message).Distinct().Count() == 1
            ? failures[0].Message
            : string.Join(" ", layouts.Zip(failures, (layout, failure) => $"As {layout.Name}: {failure.Message}"));
        throw new ArgumentException(reason, new AggregateException(failures));
    }

    /// <summary>Rounds the weights of <paramref name="module"/> to the precision <see cref="Save"/> stores them at.</summary>
    public static void Round(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        ToStoredPrecision(module);
        module.to(ScalarType.Float32);
    }

    private static void ToStoredPrecision(nn.Module module)
    {
        // Converting the module converts its normalisation layers too, and a variance above 65,504 would become
        // infinity on the way, so their float32 values are copied first and put back afterwards.
        BatchNorm[] norms = [.. module.modules().OfType<BatchNorm>()];
        Dictionary<string, Tensor>[] savedNorms = [.. norms.Select(n => n.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone()))];
        try
        {
            module.to(ScalarType.Float16);
            using var disabled = no_grad();
            for (int i = 0; i < norms.Length; i++)
            {
                norms[i].to(ScalarType.Float32);
                norms[i].load_state_dict(savedNorms[i]);
            }
        }
        finally
        {
            foreach (Tensor tensor in savedNorms.SelectMany(k => k.Values))
            {
                tensor.Dispose();
            }
        }
    }
}
