using Spectre.Console;

namespace Skinsight.Cli.Infrastructure;

/// <summary>
/// Shows one progress task on stderr while a long command runs, so that it does not look hung. Nothing is shown
/// when <see cref="CliOutput.ProgressConsole"/> is null (--json, or stderr is not a terminal).
/// </summary>
internal static class CliProgress
{
    /// <summary>
    /// Runs <paramref name="work"/> on the calling thread and returns its result. The task it receives starts
    /// indeterminate and is null when no progress is shown.
    /// </summary>
    /// <param name="counted">
    /// True when the work reports done and total counts, so a bar and a percentage are shown. Otherwise the
    /// display has a spinner, the description and the elapsed time.
    /// </param>
    public static T Run<T>(CliOutput output, string description, Func<ProgressTask?, T> work, bool counted = false)
    {
        if (output.ProgressConsole is not { } console)
        {
            return work(null);
        }

        return Create(console, counted).Start(context => work(AddTask(context, description)));
    }

    /// <summary>Runs asynchronous <paramref name="work"/> as <see cref="Run{T}"/> does.</summary>
    public static async Task<T> RunAsync<T>(
        CliOutput output, string description, Func<ProgressTask?, Task<T>> work, bool counted = false)
    {
        if (output.ProgressConsole is not { } console)
        {
            return await work(null);
        }

        return await Create(console, counted).StartAsync(context => work(AddTask(context, description)));
    }

    /// <summary>Sets a known amount of work done; the task stops being indeterminate.</summary>
    public static void Report(this ProgressTask? task, double done, double total)
    {
        if (task is null || total <= 0)
        {
            return;
        }

        task.IsIndeterminate = false;
        task.MaxValue = total;
        task.Value = Math.Min(done, total);
    }

    /// <summary>Names the stage a task without counts is in, such as "Loading the model".</summary>
    public static void Describe(this ProgressTask? task, string description)
    {
        if (task is not null)
        {
            task.Description = Markup.Escape(description);
        }
    }

    /// <summary>Returns an <see cref="IProgress{T}"/> that reports done and total counts to <paramref name="task"/>.</summary>
    public static IProgress<(int Done, int Total)>? Counts(this ProgressTask? task) =>
        task is null ? null : new InlineProgress<(int Done, int Total)>(p => task.Report(p.Done, p.Total));

    private static Progress Create(IAnsiConsole console, bool counted)
    {
        ProgressColumn[] columns = counted
            ? [new SpinnerColumn(), new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn()]
            : [new SpinnerColumn(), new TaskDescriptionColumn(), new ElapsedTimeColumn()];
        return console.Progress().AutoClear(true).Columns(columns);
    }

    private static ProgressTask AddTask(ProgressContext context, string description)
    {
        var task = context.AddTask(Markup.Escape(description), maxValue: 1);
        task.IsIndeterminate = true;
        return task;
    }
}
