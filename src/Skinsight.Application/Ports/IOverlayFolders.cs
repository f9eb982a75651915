namespace Skinsight.Application.Ports;

/// <summary>
/// Keeps the overlay PNGs of analyses: one folder per analysis, named by an unguessable token and readable only by
/// its owner once sealed.
/// </summary>
public interface IOverlayFolders
{
    /// <summary>Creates the folder for one analysis and returns its token and the scratch folder to draw into.</summary>
    (string Token, string Path) CreateFolder(Guid ownerId);

    /// <summary>Encrypts the drawn PNGs into the token's folder, deletes the scratch folder and returns the file count.</summary>
    int Seal(string token, Guid ownerId);

    /// <summary>Deletes the token's folder and its scratch folder, if they exist.</summary>
    void DeleteFolder(string token);
}

/// <summary>The URLs under which the API serves overlay PNGs.</summary>
public static class OverlayLinks
{
    /// <summary>Returns the overlay URLs of an analysis whose PNGs are sealed under <paramref name="token"/>.</summary>
    public static Dictionary<string, string> For(string token, IReadOnlyDictionary<string, string> overlayFiles) =>
        overlayFiles.ToDictionary(o => o.Key, o => $"{Prefix}{token}/{Path.GetFileName(o.Value)}");

    /// <summary>The path every overlay URL starts with.</summary>
    public const string Prefix = "/api/overlays/";
}
