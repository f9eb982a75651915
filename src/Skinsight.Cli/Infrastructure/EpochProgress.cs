using Spectre.Console;

namespace Skinsight.Cli.Infrastructure;

/// <summary>
/// The progress display of the training commands. It shows a bar with one unit per epoch, the percentage, and the
/// elapsed and remaining time. Its description follows the training's reports: epoch, batch, loss and the last
/// validation metric.
/// </summary>
internal static class EpochProgress
{
    /// <summary>Runs <paramref name="train"/> on the calling thread under the display and returns its result.</summary>
    /// <param name="output">The command's output; in --json mode the display goes to stderr.</param>
    /// <param name="description">The description shown until the first report, such as "Loading images".</param>
    /// <param name="epochs">The number of epochs, the length of the bar.</param>
    /// <param name="describe">Turns one report into the epochs done, fractional within an epoch, and the description.</param>
    /// <param name="train">The training, given the reporter to pass its reports to.</param>
    public static TResult Run<TReport, TResult>(CliOutput output, string description, int epochs,
        Func<TReport, (double EpochsDone, string Description)> describe, Func<IProgress<TReport>, TResult> train)
    {
        return output.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(progress =>
            {
                var task = progress.AddTask(Markup.Escape(description), maxValue: epochs);
                var reporter = new InlineProgress<TReport>(report =>
                {
                    (double done, string text) = describe(report);
                    task.Value = done;
                    task.Description = Markup.Escape(text);
                });
                return train(reporter);
            });
    }

    /// <summary>The epochs done when batch <paramref name="batch"/> of <paramref name="batches"/> of epoch <paramref name="epoch"/> is done.</summary>
    public static double Done(int epoch, int batch, int batches) =>
        batches == 0 ? epoch : epoch - 1 + ((double)batch / batches);
}
