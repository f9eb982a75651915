using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Skinsight.Data.Encryption;

/// <summary>
/// The master key and the per-person data keys it wraps. Each data key is a random AES-256 key kept, wrapped
/// with AES-256-GCM under the master key, in its own file under <c>data-keys/</c> of the key folder, outside the
/// database. Destroying that file makes every copy of the person's encrypted records unreadable, database
/// backups included.
/// </summary>
/// <remarks>
/// Safe for concurrent use. Several processes may share one key folder: a new key file is created exclusively,
/// so two requests or processes creating the same person's key agree on one.
/// </remarks>
public sealed class KeyRing
{
    /// <summary>Name of the master key file in the key folder.</summary>
    public const string MasterKeyFileName = "master.key";

    private const string NextMasterKeyFileName = "master.key.next";
    private const string DataKeyFolderName = "data-keys";
    private const string HandleIndexKeyName = "handle-index";

    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly ConcurrentDictionary<string, byte[]> _unwrapped = new();
    private readonly Dictionary<string, MasterKey> _knownMasterKeys = [];
    private readonly Lock _rotationLock = new();
    private readonly Lock _creationLock = new();
    private readonly bool _masterKeyFromFile;

    private KeyRing(string folder, MasterKey master, bool masterKeyFromFile, string masterKeySource)
    {
        Folder = folder;
        Master = master;
        MasterKeySource = masterKeySource;
        _masterKeyFromFile = masterKeyFromFile;
        _knownMasterKeys[master.Id] = master;
    }

    /// <summary>The key folder.</summary>
    public string Folder { get; }

    /// <summary>True when <see cref="Open"/> created the key folder, so nothing else can be in it yet.</summary>
    internal bool IsNew => CreatedFolder is not null;

    /// <summary>
    /// The outermost folder that <see cref="Open"/> created on the way to the key folder (the key folder itself, or a
    /// parent of it that did not exist either), or null when the key folder existed.
    /// </summary>
    internal string? CreatedFolder { get; private set; }

    /// <summary>The master key that wraps new data keys.</summary>
    public MasterKey Master { get; private set; }

    /// <summary>The key file path or environment variable the master key came from, for messages.</summary>
    public string MasterKeySource { get; }

    /// <summary>True when the master key came from the key file, which <see cref="Rotate"/> then replaces.</summary>
    public bool MasterKeyFromFile => _masterKeyFromFile;

    private string DataKeyFolder => Path.Combine(Folder, DataKeyFolderName);

    /// <summary>
    /// Opens the key ring, creating the folder and, unless the options carry the master key, the key file
    /// with a new random key and mode 0600 when it does not exist.
    /// </summary>
    /// <exception cref="KeyStoreException">The master key is invalid, or the key file is readable by others.</exception>
    public static KeyRing Open(KeyRingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string folder = Path.GetFullPath(options.Folder);
        if (File.Exists(folder))
        {
            throw new KeyStoreException($"The key folder {folder} is a file; pass the folder that contains {MasterKeyFileName} with --keys.");
        }

        string? createdFolder = OutermostMissing(folder);
        try
        {
            CreateOwnerOnlyFolder(folder);
            CreateOwnerOnlyFolder(Path.Combine(folder, DataKeyFolderName));
            KeyRing ring = options.MasterKeyBase64 is { } text
                ? new KeyRing(folder, MasterKey.Parse(text, "$" + KeyRingOptions.MasterKeyVariable), false,
                    "$" + KeyRingOptions.MasterKeyVariable)
                : OpenFromFile(folder);
            ring.LoadInterruptedRotation();
            ring.CreatedFolder = createdFolder;
            return ring;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new KeyStoreException(
                $"The key folder {folder} cannot be used ({ex.Message}); make it writable by this user or pass another --keys folder.",
                ex);
        }
    }

    /// <summary>Returns the data key of <paramref name="personId"/>, creating it on first use.</summary>
    internal byte[] GetOrCreateDataKey(Guid personId) => GetOrCreate(PersonKeyName(personId));

    /// <summary>Returns the data key of <paramref name="personId"/>.</summary>
    /// <exception cref="DataKeyDestroyedException">The person's key does not exist.</exception>
    internal byte[] GetDataKey(Guid personId) =>
        TryGet(PersonKeyName(personId)) ?? throw new DataKeyDestroyedException(personId);

    /// <summary>True when <paramref name="personId"/> has a data key.</summary>
    public bool HasDataKey(Guid personId) => File.Exists(KeyPath(PersonKeyName(personId)));

    /// <summary>
    /// Deletes the data key of <paramref name="personId"/>, so nothing encrypted under it can be read again.
    /// </summary>
    /// <returns>False when the person had no data key.</returns>
    /// <remarks>
    /// NOTE: the file is unlinked, not overwritten, because overwriting in place does not reach old blocks on
    /// copy-on-write or journaling file systems. A backup of the key folder taken earlier still contains the key.
    /// </remarks>
    public bool DestroyDataKey(Guid personId)
    {
        string name = PersonKeyName(personId);
        _unwrapped.TryRemove(name, out _);
        string path = KeyPath(name);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    /// <summary>
    /// Encrypts <paramref name="plaintext"/> with AES-256-GCM under the data key of <paramref name="personId"/>,
    /// creating the key on first use, for personal data kept outside the database such as overlay files.
    /// </summary>
    /// <param name="context">Bound into the tag, so the result opens only with the same context, e.g. the file's path.</param>
    public byte[] SealForPerson(Guid personId, ReadOnlySpan<byte> plaintext, string context) =>
        FieldCipher.Seal(GetOrCreateDataKey(personId), plaintext, PersonContext(personId, context));

    /// <summary>Decrypts what <see cref="SealForPerson"/> returned for the same person and context.</summary>
    /// <exception cref="DataKeyDestroyedException">The person's key was destroyed.</exception>
    /// <exception cref="KeyStoreException">The bytes were changed, or were sealed for another person or context.</exception>
    public byte[] OpenForPerson(Guid personId, ReadOnlySpan<byte> sealedBytes, string context)
    {
        try
        {
            return FieldCipher.Open(GetDataKey(personId), sealedBytes, PersonContext(personId, context));
        }
        catch (CryptographicException ex)
        {
            throw new KeyStoreException(
                $"The sealed {context} of person {personId} failed authentication ({ex.Message}); it was changed, or sealed for another person or path.",
                ex);
        }
    }

    private static byte[] PersonContext(Guid personId, string context) =>
        [.. personId.ToByteArray(), .. Encoding.UTF8.GetBytes(context)];

    /// <summary>True when the key folder contains the key that digests handles, made when the first person was stored.</summary>
    public bool HasHandleIndexKey => File.Exists(HandleIndexKeyPath);

    /// <summary>The file of the key that digests handles.</summary>
    public string HandleIndexKeyPath => KeyPath(HandleIndexKeyName);

    /// <summary>
    /// Returns a keyed digest of a person's handle, stored in place of the handle so that it can be looked up
    /// by equality but not read.
    /// </summary>
    internal string HandleDigest(string handle) => LookupDigest(handle);

    /// <summary>
    /// Returns a keyed digest (<c>h1:</c> and a hex HMAC-SHA256 under the index key) of a value that is looked up
    /// by equality: a handle, a normalized account name or email, or a product history entry.
    /// </summary>
    internal string LookupDigest(string value)
    {
        byte[] indexKey = GetOrCreate(HandleIndexKeyName);
        byte[] digest = HMACSHA256.HashData(indexKey, Encoding.UTF8.GetBytes(value));
        return LookupDigestPrefix + Convert.ToHexStringLower(digest);
    }

    /// <summary>Prefix of every value <see cref="LookupDigest"/> returns.</summary>
    internal const string LookupDigestPrefix = "h1:";

    /// <summary>
    /// Returns a short keyed pseudonym of a person for logs: the same in every instance that shares the key
    /// folder, so one person's requests can be followed, but not reversible without the key.
    /// </summary>
    public string LogPseudonym(Guid personId)
    {
        byte[] indexKey = GetOrCreate(HandleIndexKeyName);
        byte[] digest = HMACSHA256.HashData(indexKey, Encoding.UTF8.GetBytes("log:" + personId.ToString("D")));
        return "p:" + Convert.ToHexStringLower(digest.AsSpan(0, 6));
    }

    /// <summary>
    /// Rewraps every data key under <paramref name="next"/> and makes it the master key. When the master key
    /// came from the key file, the file is replaced. When it came from the environment, the caller must set
    /// the variable to the new key before the next start.
    /// </summary>
    /// <returns>The number of keys rewrapped: the data keys and the handle index key.</returns>
    /// <remarks>
    /// The new key is written to <c>master.key.next</c> first and each data key file is replaced atomically, so
    /// an interrupted rotation leaves every key readable; running it again finishes it.
    /// </remarks>
    public int Rotate(MasterKey next)
    {
        ArgumentNullException.ThrowIfNull(next);
        lock (_rotationLock)
        {
            string nextPath = Path.Combine(Folder, NextMasterKeyFileName);
            if (_masterKeyFromFile)
            {
                WriteOwnerOnly(nextPath, next.ToBase64() + "\n");
            }

            _knownMasterKeys[next.Id] = next;
            int count = 0;
            string indexKey = KeyPath(HandleIndexKeyName);
            var paths = Directory.EnumerateFiles(DataKeyFolder, "*.key").Concat(File.Exists(indexKey) ? [indexKey] : []);
            foreach (string path in paths)
            {
                string name = Path.GetFileNameWithoutExtension(path);
                byte[] key = Unwrap(name, File.ReadAllText(path));
                WriteOwnerOnly(path, Wrap(next, name, key));
                count++;
            }

            if (_masterKeyFromFile)
            {
                File.Move(nextPath, Path.Combine(Folder, MasterKeyFileName), overwrite: true);
            }

            Master = next;
            return count;
        }
    }

    private static KeyRing OpenFromFile(string folder)
    {
        string path = Path.Combine(folder, MasterKeyFileName);
        if (!File.Exists(path))
        {
            // When another process creates the key file first, its key is the one to use.
            TryCreateExclusive(path, MasterKey.Generate().ToBase64() + "\n");
        }

        RequireOwnerOnly(path);
        return new KeyRing(folder, MasterKey.Parse(ReadWhole(path, lines: 1), path), true, path);
    }

    /// <summary>Makes the key of an interrupted rotation known, so data keys already rewrapped stay readable.</summary>
    private void LoadInterruptedRotation()
    {
        string nextPath = Path.Combine(Folder, NextMasterKeyFileName);
        if (File.Exists(nextPath))
        {
            var next = MasterKey.Parse(File.ReadAllText(nextPath), nextPath);
            _knownMasterKeys[next.Id] = next;
        }
    }

    private static void RequireOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        UnixFileMode mode = File.GetUnixFileMode(path);
        if ((mode & ~OwnerOnlyFile) != 0)
        {
            throw new KeyStoreException(
                $"The master key file {path} is readable or writable by other users; run `chmod 600 {path}` and start again.");
        }
    }

    private byte[] GetOrCreate(string name)
    {
        if (TryGet(name) is { } existing)
        {
            return existing;
        }

        // Requests of one process take turns, and the exclusive create keeps other processes out. Every caller
        // therefore ends up with the one key that is on disk.
        lock (_creationLock)
        {
            if (TryGet(name) is { } created)
            {
                return created;
            }

            byte[] key = RandomNumberGenerator.GetBytes(FieldCipher.KeySize);
            if (TryCreateExclusive(KeyPath(name), Wrap(Master, name, key)))
            {
                _unwrapped[name] = key;
                return key;
            }

            return TryGet(name) ?? throw new KeyStoreException($"The data key {KeyPath(name)} vanished while it was being read.");
        }
    }

    private byte[]? TryGet(string name)
    {
        if (_unwrapped.TryGetValue(name, out byte[]? cached))
        {
            return cached;
        }

        string text;
        try
        {
            text = ReadWhole(KeyPath(name), lines: 2);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        byte[] key = Unwrap(name, text);
        _unwrapped[name] = key;
        return key;
    }

    /// <summary>
    /// Reads a key file, waiting a moment when it holds fewer than <paramref name="lines"/> lines, because another
    /// process has created it and is still writing it.
    /// </summary>
    private static string ReadWhole(string path, int lines)
    {
        string text = File.ReadAllText(path);
        for (int attempt = 0; attempt < 40 && text.Count(c => c == '\n') < lines; attempt++)
        {
            Thread.Sleep(25);
            text = File.ReadAllText(path);
        }

        return text;
    }

    private static string Wrap(MasterKey master, string name, byte[] key)
    {
        byte[] wrapped = FieldCipher.Seal(master.Key, key, MasterKey.WrapContext(name));
        return master.Id + "\n" + Convert.ToBase64String(wrapped) + "\n";
    }

    private byte[] Unwrap(string name, string fileText)
    {
        string[] lines = fileText.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length != 2)
        {
            throw new KeyStoreException($"The data key file {KeyPath(name)} is damaged (expected 2 lines, found {lines.Length}).");
        }

        if (!_knownMasterKeys.TryGetValue(lines[0], out MasterKey? master))
        {
            throw new KeyStoreException(
                $"The data key {KeyPath(name)} is wrapped by master key {lines[0]}, but the master key from {MasterKeySource} is {Master.Id}; use the master key that wrapped it.");
        }

        try
        {
            return FieldCipher.Open(master.Key, Convert.FromBase64String(lines[1]), MasterKey.WrapContext(name));
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            throw new KeyStoreException($"The data key file {KeyPath(name)} is damaged and cannot be unwrapped ({ex.Message}).", ex);
        }
    }

    private string KeyPath(string name) =>
        name == HandleIndexKeyName ? Path.Combine(Folder, name + ".key") : Path.Combine(DataKeyFolder, name + ".key");

    private static string PersonKeyName(Guid personId) => personId.ToString("N");

    /// <summary>
    /// Creates <paramref name="path"/> with <paramref name="content"/>, readable only by its owner, unless it exists.
    /// </summary>
    /// <returns>False when the file already existed; it is left as it was.</returns>
    /// <remarks>
    /// The exclusive create is atomic, unlike <see cref="File.Move(string, string, bool)"/> without overwrite,
    /// which on some Linux file systems lets two callers both succeed, the second replacing the first.
    /// </remarks>
    private static bool TryCreateExclusive(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        FileStream stream;
        try
        {
            stream = new FileStream(path, options);
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }

        using (stream)
        {
            stream.Write(Encoding.UTF8.GetBytes(content));
            stream.Flush(flushToDisk: true);
        }

        return true;
    }

    /// <summary>Replaces a file with one readable only by its owner: written to a temporary name, then renamed over it.</summary>
    private static void WriteOwnerOnly(string path, string content)
    {
        string temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(Encoding.UTF8.GetBytes(content));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static string? OutermostMissing(string path)
    {
        string? missing = null;
        for (var folder = new DirectoryInfo(path); folder is not null && !folder.Exists; folder = folder.Parent)
        {
            missing = folder.FullName;
        }

        return missing;
    }

    private static void CreateOwnerOnlyFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, OwnerOnlyFolder);
        }
    }
}
