using Skinsight.Application.Privacy;
using Skinsight.Data.Entities;

namespace Skinsight.Application.Ports;

/// <summary>
/// Keeps the overlay PNGs of analyses: one folder per analysis, named by an unguessable token and readable only by
/// its owner once sealed.
/// </summary>
public interface IOverlayFolders
{
    /// <summary>Creates the folder for one analysis and returns its token and the scratch folder to draw into.</summary>
    (string Token, string Path) CreateFolder(Guid ownerId);

    /// <summary>
    /// Encrypts the drawn PNGs into the token's folder, deletes the scratch folder and returns the file count. When
    /// the owner's overlays were deleted while these were drawn, it deletes the folder instead and returns 0.
    /// </summary>
    int Seal(string token, Guid ownerId);

    /// <summary>Deletes the token's folder and its scratch folder, if they exist.</summary>
    void DeleteFolder(string token);
}

/// <summary>Opens overlay folders for analyses of people who consent to keeping photos.</summary>
public static class ConsentedOverlayFolders
{
    /// <summary>
    /// Creates the overlay folder for one analysis of <paramref name="ownerId"/>, then returns it if the owner still
    /// consents to keeping photos, or deletes it and returns null.
    /// </summary>
    /// <remarks>
    /// The consent is read after the folder exists. A withdrawal that completes before the read is seen by it, and
    /// one that completes after the read deletes the owner's folders, this one included, so the folder never
    /// outlasts the consent. The caller ends the folder with <see cref="IOverlayFolders.Seal"/> or
    /// <see cref="IOverlayFolders.DeleteFolder"/>.
    /// </remarks>
    public static async Task<(string Token, string Path)?> CreateUnderConsentAsync(
        this IOverlayFolders folders, ConsentService consents, Guid ownerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(folders);
        ArgumentNullException.ThrowIfNull(consents);
        var folder = folders.CreateFolder(ownerId);
        bool consented;
        try
        {
            consented = await consents.HoldsAsync(ownerId, ConsentPurpose.KeepPhotos, cancellationToken);
        }
        catch
        {
            folders.DeleteFolder(folder.Token);
            throw;
        }

        if (consented)
        {
            return folder;
        }

        folders.DeleteFolder(folder.Token);
        return null;
    }
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
