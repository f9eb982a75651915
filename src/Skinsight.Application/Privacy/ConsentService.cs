using Skinsight.Core;
using Skinsight.Data;
using Skinsight.Data.Entities;

namespace Skinsight.Application.Privacy;

/// <summary>Grants, withdraws and checks the consent of one person per purpose.</summary>
public sealed class ConsentService(SkinsightStore store)
{
    /// <summary>Records consent to <paramref name="purpose"/> after the person was shown text <paramref name="textVersion"/>.</summary>
    /// <exception cref="InvalidInputException">The version is not the current text's version.</exception>
    public async Task<ConsentRecord> GrantAsync(Guid personId, ConsentText purpose, string? textVersion,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(purpose);
        if (textVersion != purpose.Version)
        {
            throw new InvalidInputException(
                $"Consent text version '{textVersion ?? "none"}' for '{purpose.Name}' is not the current one; "
                + $"show the person text version '{purpose.Version}' from GET /api/consents and send that version.");
        }

        return await store.GrantConsentAsync(personId, purpose.Purpose, purpose.Version, cancellationToken);
    }

    /// <summary>Withdraws a consent; withdrawing <c>keep-photos</c> deletes every kept photo.</summary>
    public Task<(bool Withdrawn, int PhotosDeleted)> WithdrawAsync(Guid personId, ConsentText purpose,
        CancellationToken cancellationToken = default) =>
        store.WithdrawConsentAsync(personId, purpose.Purpose, cancellationToken);

    /// <summary>Returns whether <paramref name="personId"/> has a current consent to <paramref name="purpose"/>.</summary>
    public async Task<bool> HoldsAsync(Guid personId, ConsentPurpose purpose, CancellationToken cancellationToken = default) =>
        await store.FindConsentAsync(personId, purpose, cancellationToken) is not null;

    /// <summary>Throws unless <paramref name="personId"/> has a current consent to <paramref name="purpose"/>.</summary>
    /// <exception cref="ConsentRequiredException">The consent is missing or was withdrawn.</exception>
    public async Task RequireAsync(Guid personId, ConsentPurpose purpose, CancellationToken cancellationToken = default)
    {
        if (!await HoldsAsync(personId, purpose, cancellationToken))
        {
            throw new ConsentRequiredException(ConsentTexts.For(purpose));
        }
    }
}
