namespace Skinsight.Data.Encryption;

/// <summary>Where the key ring lives and, optionally, the master key given directly.</summary>
/// <param name="Folder">
/// Folder of the key file <c>master.key</c> (unless <paramref name="MasterKeyBase64"/> is set) and of the wrapped
/// data keys. It must not be the database's folder, so that a copy of the database never carries its keys.
/// </param>
/// <param name="MasterKeyBase64">The master key as base64 of 32 bytes, or null to read or create the key file.</param>
public sealed record KeyRingOptions(string Folder, string? MasterKeyBase64 = null)
{
    /// <summary>Environment variable naming the key folder.</summary>
    public const string FolderVariable = "SKINSIGHT_KEY_DIR";

    /// <summary>Environment variable holding the master key as base64; when set, no key file is read or written.</summary>
    public const string MasterKeyVariable = "SKINSIGHT_MASTER_KEY";

    /// <summary>
    /// The key folder when neither a value nor <see cref="FolderVariable"/> is given: <c>~/.config/skinsight/keys</c>
    /// on Linux, apart from the default database under <c>~/.local/share/skinsight</c>.
    /// </summary>
    public static string DefaultFolder { get; } = Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify),
        "skinsight",
        "keys");

    /// <summary>
    /// Returns the options for <paramref name="folder"/>, else <see cref="FolderVariable"/>, else
    /// <see cref="DefaultFolder"/>, with the master key from <see cref="MasterKeyVariable"/> when it is set.
    /// </summary>
    public static KeyRingOptions Resolve(string? folder)
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable(FolderVariable);
        string chosen = !string.IsNullOrWhiteSpace(folder) ? folder
            : !string.IsNullOrWhiteSpace(fromEnvironment) ? fromEnvironment
            : DefaultFolder;
        string? masterKey = Environment.GetEnvironmentVariable(MasterKeyVariable);
        return new KeyRingOptions(Path.GetFullPath(chosen), string.IsNullOrWhiteSpace(masterKey) ? null : masterKey);
    }
}
