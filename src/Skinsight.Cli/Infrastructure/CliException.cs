namespace Skinsight.Cli.Infrastructure;

/// <summary>A failure the user can fix; printed as one line on stderr without a stack trace.</summary>
public sealed class CliException(string message, int exitCode = ExitCodes.InvalidInput) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>Process exit codes of the skinsight program.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The input (file, option value, profile) is invalid or missing.</summary>
    public const int InvalidInput = 1;

    /// <summary>The command line itself could not be parsed.</summary>
    public const int Usage = 2;

    /// <summary>A photo was read but rejected by the quality gate.</summary>
    public const int PhotoRejected = 3;

    /// <summary>An unexpected internal error (a bug); details are printed with SKINSIGHT_DEBUG=1.</summary>
    public const int InternalError = 70;
}
