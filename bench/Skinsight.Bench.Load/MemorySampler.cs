using System.Diagnostics;
using System.Globalization;

namespace Skinsight.Bench.Load;

/// <summary>Resident memory of the server process at one moment of the run.</summary>
/// <param name="Seconds">Time since the load started.</param>
/// <param name="Megabytes">VmRSS from <c>/proc/PID/status</c>, in MiB.</param>
internal sealed record MemorySample(double Seconds, double Megabytes);

/// <summary>Samples another process's resident memory from <c>/proc/PID/status</c> and reads its CPU time.</summary>
internal sealed class MemorySampler(int pid)
{
    private readonly List<MemorySample> _samples = [];

    public int Pid => pid;

    /// <summary>The samples taken so far, oldest first.</summary>
    public IReadOnlyList<MemorySample> Samples
    {
        get
        {
            lock (_samples)
            {
                return [.. _samples];
            }
        }
    }

    /// <summary>Returns the VmRSS line of a <c>/proc/PID/status</c> text in MiB, or null when the line is missing.</summary>
    public static double? ParseResidentMegabytes(string statusText)
    {
        ArgumentNullException.ThrowIfNull(statusText);
        foreach (string line in statusText.Split('\n'))
        {
            // The kernel writes the line as "VmRSS:", a tab, padding spaces, the number and "kB".
            if (!line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                continue;
            }

            string[] parts = line["VmRSS:".Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && parts[1] == "kB"
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long kilobytes))
            {
                return kilobytes / 1024.0;
            }
        }

        return null;
    }

    /// <summary>Returns the process's resident memory in MiB, or null when the process has gone.</summary>
    public double? ReadResidentMegabytes()
    {
        try
        {
            return ParseResidentMegabytes(File.ReadAllText($"/proc/{pid}/status"));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Returns the process's user and system CPU time so far, or null when the process has gone.</summary>
    public TimeSpan? ReadCpuTime()
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.TotalProcessorTime;
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Takes a sample now and then every <paramref name="interval"/> until cancelled or the process has gone.</summary>
    public async Task RunAsync(TimeSpan interval, Stopwatch clock, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        do
        {
            if (ReadResidentMegabytes() is not { } megabytes)
            {
                return;
            }

            lock (_samples)
            {
                _samples.Add(new MemorySample(clock.Elapsed.TotalSeconds, megabytes));
            }
        }
        while (await WaitAsync(timer, cancellationToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
