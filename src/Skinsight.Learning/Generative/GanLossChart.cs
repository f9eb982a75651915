namespace Skinsight.Learning.Generative;

/// <summary>Draws the per-epoch losses and discriminator outputs of a GAN run with ScottPlot.</summary>
public static class GanLossChart
{
    /// <summary>Name of the chart in a GAN folder, written after every epoch.</summary>
    public const string FileName = "losses.png";

    /// <summary>Writes the loss curves of <paramref name="info"/> as a PNG file.</summary>
    public static void WritePng(GanInfo info, string path, int width = 900, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(info);
        double[] epochs = info.Losses.Select(l => (double)l.Epoch).ToArray();
        var plot = new ScottPlot.Plot();
        AddLine(plot, epochs, info.Losses.Select(l => l.DiscriminatorLoss).ToArray(), "discriminator loss");
        AddLine(plot, epochs, info.Losses.Select(l => l.GeneratorLoss).ToArray(), "generator loss");
        AddLine(plot, epochs, info.Losses.Select(l => l.RealScore).ToArray(), "D(real)");
        AddLine(plot, epochs, info.Losses.Select(l => l.FakeScore).ToArray(), "D(generated)");
        plot.Title($"{info.Spec.Architecture} GAN{(info.Spec.Conditional ? ", class-conditional" : "")}, seed {info.Seed}");
        plot.XLabel("epoch");
        plot.YLabel("mean over the epoch's batches");
        // Outside the plot area, where it hides none of the curves.
        plot.ShowLegend(ScottPlot.Edge.Right);
        plot.SavePng(path, width, height);
    }

    private static void AddLine(ScottPlot.Plot plot, double[] xs, double[] ys, string label)
    {
        var line = plot.Add.Scatter(xs, ys);
        line.LegendText = label;
    }
}
