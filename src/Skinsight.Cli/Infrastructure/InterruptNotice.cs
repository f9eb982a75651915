using System.Runtime.InteropServices;
using Skinsight.Learning.Training;

namespace Skinsight.Cli.Infrastructure;

/// <summary>
/// Prints, when a resumable training run is stopped with Ctrl-C or a termination signal, what is kept and how to go
/// on. The notice does not catch the signal, so the run stops as before.
/// </summary>
internal sealed class InterruptNotice : IDisposable
{
    private readonly PosixSignalRegistration[] _registrations;

    private InterruptNotice(TextWriter error, string checkpointDirectory)
    {
        void Announce(PosixSignalContext context) => error.WriteLine(Describe(checkpointDirectory));
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Announce),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Announce),
        ];
    }

    /// <summary>Prints the notice on <paramref name="error"/> when the process is interrupted, until disposed.</summary>
    public static InterruptNotice ForCheckpoint(TextWriter error, string checkpointDirectory)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentException.ThrowIfNullOrEmpty(checkpointDirectory);
        return new InterruptNotice(error, checkpointDirectory);
    }

    /// <summary>The notice for a run that keeps its checkpoint in <paramref name="checkpointDirectory"/>.</summary>
    internal static string Describe(string checkpointDirectory) =>
        ModelFolder.HasFinishedEpoch(checkpointDirectory)
            ? $"skinsight: stopping. The epochs finished so far are kept in {checkpointDirectory}; run the same command "
                + "again to resume after the last of them."
            : "skinsight: stopping before the first epoch finished, so nothing is kept; the same command starts over.";

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }
    }
}
