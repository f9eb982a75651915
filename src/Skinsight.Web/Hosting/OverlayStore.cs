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
/// It marks the folder instead, and the Seal that ends it deletes it. NOTE: open folders are known only to this
/// instance, so a second app instance that shares the overlay folder deletes them at once, and the analysis
/// writing into one then fails.
/// </para>
/// </remarks>
internal sealed class OverlayStore(string root, KeyRing keys) : IOverlayFolders
{
    private const string OwnerFile = ".owner";
    private const string ScratchFolder = ".scratch";

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

        try
        {
            Directory.CreateDirectory(path);
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
    /// the folder while it was open, it deletes the whole folder instead.
    /// </summary>
    /// <returns>The number of overlays sealed, or 0 when the folder was deleted.</returns>
    public int Seal(string token, Guid ownerId)
    {
        int sealedFiles = 0;
        string scratch = ScratchPath(token);
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
            if (!deletionRequested)
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
    /// Deletes every overlay folder of <paramref name="personId"/> and returns how many there were. An open folder
    /// is marked instead, and the <see cref="Seal"/> that ends it deletes it.
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
                else
                {
                    DeleteFiles(token);
                }
            }

            deleted++;
        }

        return deleted;
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
