using System.Runtime.InteropServices;

namespace Skinsight.Bench.Planning;

/// <summary>
/// Processor time of the calling thread, from Linux <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>. Unlike wall time
/// it does not grow while the thread waits for a core, so its percentiles estimate an idle machine's latency.
/// </summary>
internal static partial class ThreadClock
{
    private const int ClockThreadCpuTimeId = 3;

    /// <summary>True when the clock is readable here (Linux); elsewhere the bench reports wall time only.</summary>
    public static bool IsAvailable { get; } = OperatingSystem.IsLinux();

    /// <summary>Returns the calling thread's processor time in milliseconds.</summary>
    public static double NowMs()
    {
        if (clock_gettime(ClockThreadCpuTimeId, out Timespec time) != 0)
        {
            throw new InvalidOperationException($"clock_gettime failed with error {Marshal.GetLastPInvokeError()}.");
        }

        return (time.Seconds * 1e3) + (time.Nanoseconds / 1e6);
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int clock_gettime(int clockId, out Timespec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
