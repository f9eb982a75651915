namespace Skinsight.Cli.Infrastructure;

/// <summary>
/// Reports on the calling thread, so a progress display follows long work as it runs. <see cref="Progress{T}"/>
/// would post each report to the thread pool, where it could arrive after the work has ended.
/// </summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
