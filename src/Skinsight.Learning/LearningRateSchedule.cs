using TorchSharp.Modules;
using static TorchSharp.torch.optim;

namespace Skinsight.Learning;

/// <summary>The learning-rate schedule shared by the training loops, set per batch.</summary>
internal static class LearningRateSchedule
{
    /// <summary>
    /// Returns the rate at 0-based batch <paramref name="step"/>: a linear warm-up over the first epoch, then cosine
    /// decay to zero at the end of the last one.
    /// </summary>
    public static double WarmupCosine(double peak, int epochs, int step, int batchesPerEpoch)
    {
        int warmup = batchesPerEpoch;
        int total = epochs * batchesPerEpoch;
        if (step < warmup)
        {
            return peak * (step + 1) / warmup;
        }

        double progress = (double)(step - warmup) / Math.Max(1, total - warmup);
        return peak * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }

    /// <summary>Sets every parameter group of <paramref name="optimizer"/> to <paramref name="rate"/>.</summary>
    public static void Apply(OptimizerHelper optimizer, double rate)
    {
        foreach (ParamGroup group in optimizer.ParamGroups)
        {
            group.LearningRate = rate;
        }
    }
}
