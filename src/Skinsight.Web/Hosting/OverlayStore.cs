namespace Skinsight.Web.Hosting;

/// <summary>
/// Keeps the overlay PNGs of API analyses, one folder per analysis named by an unguessable token.
/// </summary>
/// <remarks>
/// Each folder contains an <c>.owner</c> file with the owner's person id, and <see cref="Find"/> returns a file
/// only to that person.
/// </remarks>
internal sealed class OverlayStore(string root)
{
    private const string OwnerFile = ".owner";

    public string Root { get; } = root;

    /// <summary>Creates an empty folder for one analysis of <paramref name="ownerId"/> and returns its token and path.</summary>
    public (string Token, string Path) CreateFolder(Guid ownerId)
    {
        string token = Guid.NewGuid().ToString("N");
        string path = System.IO.Path.Combine(Root, token);
        Directory.CreateDirectory(path);
        File.WriteAllText(System.IO.Path.Combine(path, OwnerFile), ownerId.ToString());
        return (token, path);
    }

    /// <summary>
    /// Returns the PNG named <paramref name="fileName"/> in the folder of <paramref name="token"/>, or null when
    /// it does not exist or belongs to another person than <paramref name="personId"/>.
    /// </summary>
    /// <remarks>Both parts are checked character by character, so no request can reach outside the folder.</remarks>
    public string? Find(string token, string fileName, Guid personId)
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
        return File.Exists(path) ? path : null;
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
                Directory.Delete(folder, recursive: true);
                deleted++;
            }
        }

        return deleted;
    }

    /// <summary>Deletes the folder of <paramref name="token"/> with any overlays written into it.</summary>
    public void DeleteFolder(string token)
    {
        string path = System.IO.Path.Combine(Root, token);
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
