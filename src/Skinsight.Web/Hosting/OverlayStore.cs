using Skinsight.Application.Ports;
using Skinsight.Data.Encryption;

namespace Skinsight.Web.Hosting;

/// <summary>
/// Keeps the overlay PNGs of API analyses, one folder per analysis named by an unguessable token, each file
/// encrypted with AES-256-GCM under the owner's data key.
/// </summary>
/// <remarks>
/// Each folder contains an <c>.owner</c> file with the owner's person id, and <see cref="Find"/> returns a file
/// only to that person. Erasing the person destroys the key, so overlay files left behind, or copied into
/// backups, cannot be read. The analyser writes plain PNGs into a scratch folder (<see cref="CreateFolder"/>),
/// and <see cref="Seal"/> encrypts them into the token's folder and deletes the scratch folder.
/// <para>
/// A folder is open from <see cref="CreateFolder"/> until <see cref="Seal"/> or <see cref="DeleteFolder"/>.
/// <see cref="DeleteOwnedBy"/> does not delete an open folder, because the analyser may still be writing to it.
/// It marks the folder instead, and the Seal that ends it deletes it. Several app instances may share the overlay
/// folder, so an open folder is marked on disk as well: an <c>.open</c> file, written before the owner file, and a
/// <c>.delete</c> file that requests its deletion. Seal removes <c>.open</c> and then looks for <c>.delete</c>;
/// DeleteOwnedBy writes <c>.delete</c> and then looks for <c>.open</c>. Whichever comes second sees the other's
/// file and deletes the folder. An <c>.open</c> file older than <see cref="AbandonedAfter"/> is taken as left by
/// an instance that stopped while it analysed, and its folder is deleted.
/// </para>
/// </remarks>
internal sealed class OverlayStore(string root, KeyRing keys) : IOverlayFolders
{
    private const string OwnerFile = ".owner";
    private const string OpenFile = ".open";
    private const string DeleteFile = ".delete";
    private const string ScratchFolder = ".scratch";

    /// <summary>
    /// The age after which an <c>.open</c> file no longer keeps <see cref="DeleteOwnedBy"/> from deleting its folder.
    /// One analysis takes seconds, so a folder this old was left by an instance that stopped while writing it.
    /// </summary>
    public static TimeSpan AbandonedAfter { get; } = TimeSpan.FromHours(1);

    // Guards _open and every deletion, so that checking whether a folder is open and deleting it are one step.
    private readonly Lock _gate = new();

    // The tokens of open folders, each mapped to true once DeleteOwnedBy asked for the folder's deletion.
    private readonly Dictionary<string, bool> _open = [];

    public string Root { get; } = root;

    /// <summary>
    /// Creates the folder for one analysis of <paramref name="ownerId"/> and returns its token and the scratch
    /// folder that the analyser writes its plain PNGs into until <see cref="Seal"/>.
    /// </summary>
    /// <remarks>
    /// NOTE: the plain PNGs stay on disk in the scratch folder while one analysis runs. Deleting them does not
    /// overwrite their blocks, so someone who can read the raw disk may still recover them.
    /// </remarks>
    public (string Token, string Path) CreateFolder(Guid ownerId)
    {
        string token = Guid.NewGuid().ToString("N");
        string path = System.IO.Path.Combine(Root, token);
        string scratch = ScratchPath(token);

        // The folder is open before it exists, so DeleteOwnedBy never deletes it half made.
        lock (_gate)
        {
            _open.Add(token, false);
        }

        // .open is written before .owner, so another instance never finds a folder with an owner and without .open
        // until it is sealed.
        try
        {
            Directory.CreateDirectory(path);
            File.WriteAllText(System.IO.Path.Combine(path, OpenFile), string.Empty);
            File.WriteAllText(System.IO.Path.Combine(path, OwnerFile), ownerId.ToString());
            Directory.CreateDirectory(scratch);
        }
        catch
        {
            DeleteFolder(token);
            throw;
        }

        return (token, scratch);
    }

    /// <summary>
    /// Encrypts every PNG in the scratch folder of <paramref name="token"/> into the token's folder under the data
    /// key of <paramref name="ownerId"/>, then deletes the scratch folder. When <see cref="DeleteOwnedBy"/> marked
    /// the folder while it was open, on this instance or another, it deletes the whole folder instead.
    /// </summary>
    /// <returns>The number of overlays sealed, or 0 when the folder was deleted.</returns>
    public int Seal(string token, Guid ownerId)
    {
        int sealedFiles = 0;
        string scratch = ScratchPath(token);
        string folder = System.IO.Path.Combine(Root, token);

        // A folder already marked for deletion is not sealed: after an erasure, sealing would create a new data key
        // for the erased person.
        if (DeletionRequested(token, folder))
        {
            DeleteFolder(token);
            return 0;
        }

        if (Directory.Exists(scratch))
        {
            foreach (string plainPath in Directory.EnumerateFiles(scratch, "*.png"))
            {
                string fileName = System.IO.Path.GetFileName(plainPath);
                byte[] sealedBytes = keys.SealForPerson(ownerId, File.ReadAllBytes(plainPath), SealContext(token, fileName));
                string target = System.IO.Path.Combine(Root, token, fileName);
                string temporary = target + ".tmp";
                File.WriteAllBytes(temporary, sealedBytes);
                File.Move(temporary, target, overwrite: true);
                sealedFiles++;
            }

            Directory.Delete(scratch, recursive: true);
        }

        lock (_gate)
        {
            _open.Remove(token, out bool deletionRequested);
            DeleteIfExists(System.IO.Path.Combine(folder, OpenFile));
            if (!deletionRequested && !File.Exists(System.IO.Path.Combine(folder, DeleteFile)))
            {
                return sealedFiles;
            }

            DeleteFiles(token);
            return 0;
        }
    }

    /// <summary>
    /// Returns the decrypted PNG named <paramref name="fileName"/> in the folder of <paramref name="token"/>, or
    /// null when it does not exist or belongs to another person than <paramref name="personId"/>.
    /// </summary>
    /// <remarks>Both parts are checked character by character, so no request can reach outside the folder.</remarks>
    /// <exception cref="KeyStoreException">The file was changed, or the owner's key was destroyed.</exception>
    public byte[]? Find(string token, string fileName, Guid personId)
    {
        bool validToken = token.Length == 32 && token.All(char.IsAsciiHexDigitLower);
        bool validName = fileName.EndsWith(".png", StringComparison.Ordinal)
            && fileName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            && !fileName.StartsWith('.');
        if (!validToken || !validName)
        {
            return null;
        }

        string owner = System.IO.Path.Combine(Root, token, OwnerFile);
        if (!File.Exists(owner) || File.ReadAllText(owner).Trim() != personId.ToString())
        {
            return null;
        }

        string path = System.IO.Path.Combine(Root, token, fileName);
        return File.Exists(path) ? keys.OpenForPerson(personId, File.ReadAllBytes(path), SealContext(token, fileName)) : null;
    }

    /// <summary>
    /// Deletes every overlay folder of <paramref name="personId"/> and returns how many there were. A folder open
    /// on this or another instance is marked instead, and the <see cref="Seal"/> that ends it deletes it.
    /// </summary>
    public int DeleteOwnedBy(Guid personId)
    {
        if (!Directory.Exists(Root))
        {
            return 0;
        }

        int deleted = 0;
        foreach (string folder in Directory.EnumerateDirectories(Root))
        {
            string owner = System.IO.Path.Combine(folder, OwnerFile);
            if (!File.Exists(owner) || File.ReadAllText(owner).Trim() != personId.ToString())
            {
                continue;
            }

            string token = System.IO.Path.GetFileName(folder);
            lock (_gate)
            {
                if (_open.ContainsKey(token))
                {
                    _open[token] = true;
                }
                else if (!RequestDeletionByHolder(folder))
                {
                    DeleteFiles(token);
                }
            }

            deleted++;
        }

        return deleted;
    }

    private bool DeletionRequested(string token, string folder)
    {
        lock (_gate)
        {
            return (_open.TryGetValue(token, out bool requested) && requested)
                || File.Exists(System.IO.Path.Combine(folder, DeleteFile));
        }
    }

    // Requests that the instance holding the folder open delete it when it seals. Returns false when the folder is
    // not open, or was opened more than AbandonedAfter ago, so the caller deletes it now.
    private static bool RequestDeletionByHolder(string folder)
    {
        string open = System.IO.Path.Combine(folder, OpenFile);
        var openedAt = File.GetLastWriteTimeUtc(open);
        // For a missing file the time is 1601-01-01, so this also covers a folder that is not open.
        if (DateTime.UtcNow - openedAt > AbandonedAfter)
        {
            return false;
        }

        try
        {
            File.WriteAllText(System.IO.Path.Combine(folder, DeleteFile), string.Empty);
        }
        catch (DirectoryNotFoundException)
        {
            // Sealed and deleted meanwhile by the instance that held it.
            return true;
        }

        // The Seal that removed .open before this instance wrote .delete did not see it, so the folder is ours to
        // delete.
        return File.Exists(open);
    }

    private static void DeleteIfExists(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // The folder was deleted by another instance.
        }
    }

    /// <summary>Deletes the folder of <paramref name="token"/> and its scratch folder, with any overlays in them.</summary>
    public void DeleteFolder(string token)
    {
        lock (_gate)
        {
            _open.Remove(token);
            DeleteFiles(token);
        }
    }

    // The scratch folder goes first, so a crash between the two deletions leaves the token's folder, whose owner
    // file lets DeleteOwnedBy find it later. Callers must own the _gate lock.
    private void DeleteFiles(string token)
    {
        foreach (string path in new[] { ScratchPath(token), System.IO.Path.Combine(Root, token) })
        {
            try
            {
                Directory.Delete(path, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
                // Not created yet, or already deleted by another app instance that shares the overlay folder.
            }
        }
    }

    private string ScratchPath(string token) => System.IO.Path.Combine(Root, ScratchFolder, token);

    // The path is bound into the tag, so a sealed file moved to another name or folder does not open.
    private static string SealContext(string token, string fileName) => $"overlay/{token}/{fileName}";
}
