namespace Skinsight.Web.Hosting;

/// <summary>
/// Keeps the overlay PNGs of API analyses, one folder per analysis named by an unguessable token.
/// </summary>
/// <remarks>
/// NOTE: overlays are not yet tied to an account; anyone holding an overlay URL can fetch it until accounts and
/// per-person isolation arrive.
/// </remarks>
internal sealed class OverlayStore(string root)
{
    public string Root { get; } = root;

    /// <summary>Creates an empty folder for one analysis and returns its token and path.</summary>
    public (string Token, string Path) CreateFolder()
    {
        string token = Guid.NewGuid().ToString("N");
        string path = System.IO.Path.Combine(Root, token);
        Directory.CreateDirectory(path);
        return (token, path);
    }

    /// <summary>Returns the PNG named <paramref name="fileName"/> in the folder of <paramref name="token"/>, or null.</summary>
    /// <remarks>Both parts are checked character by character, so no request can reach outside the folder.</remarks>
    public string? Find(string token, string fileName)
    {
        bool validToken = token.Length == 32 && token.All(char.IsAsciiHexDigitLower);
        bool validName = fileName.EndsWith(".png", StringComparison.Ordinal)
            && fileName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            && !fileName.StartsWith('.');
        if (!validToken || !validName)
        {
            return null;
        }

        string path = System.IO.Path.Combine(Root, token, fileName);
        return File.Exists(path) ? path : null;
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
