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
/// </remarks>
internal sealed class OverlayStore(string root, KeyRing keys) : IOverlayFolders
{
    private const string OwnerFile = ".owner";
    private const string ScratchFolder = ".scratch";

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
        Directory.CreateDirectory(path);
        File.WriteAllText(System.IO.Path.Combine(path, OwnerFile), ownerId.ToString());
        string scratch = ScratchPath(token);
        Directory.CreateDirectory(scratch);
        return (token, scratch);
    }

    /// <summary>
    /// Encrypts every PNG in the scratch folder of <paramref name="token"/> into the token's folder under the data
    /// key of <paramref name="ownerId"/>, then deletes the scratch folder.
    /// </summary>
    /// <returns>The number of overlays sealed.</returns>
    public int Seal(string token, Guid ownerId)
    {
        string scratch = ScratchPath(token);
        if (!Directory.Exists(scratch))
        {
            return 0;
        }

        int sealedFiles = 0;
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
        return sealedFiles;
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

    /// <summary>Deletes every overlay folder of <paramref name="personId"/> and returns how many there were.</summary>
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
            if (File.Exists(owner) && File.ReadAllText(owner).Trim() == personId.ToString())
            {
                DeleteFolder(System.IO.Path.GetFileName(folder));
                deleted++;
            }
        }

        return deleted;
    }

    /// <summary>Deletes the folder of <paramref name="token"/> and its scratch folder, with any overlays in them.</summary>
    public void DeleteFolder(string token)
    {
        foreach (string path in new[] { System.IO.Path.Combine(Root, token), ScratchPath(token) })
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
    }

    private string ScratchPath(string token) => System.IO.Path.Combine(Root, ScratchFolder, token);

    // The path is bound into the tag, so a sealed file moved to another name or folder does not open.
    private static string SealContext(string token, string fileName) => $"overlay/{token}/{fileName}";
}
