using Microsoft.EntityFrameworkCore;
using Skinsight.Data.Entities;

namespace Skinsight.Data;

public sealed partial class SkinsightStore
{
    /// <summary>Records that <paramref name="personId"/> consents to <paramref name="purpose"/> under text version <paramref name="textVersion"/>.</summary>
    /// <remarks>A consent already held under the same version is kept as it is; one under another version is replaced.</remarks>
    /// <exception cref="PersonNotFoundException">The person does not exist.</exception>
    public async Task<ConsentRecord> GrantConsentAsync(Guid personId, ConsentPurpose purpose, string textVersion,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(textVersion);
        await using var context = CreateContext();

        // Grants of one person run one after the other under the person's row lock, so two concurrent grants never
        // both find no consent in force. The unique index of consents in force backs this up.
        await using var transaction = await BeginWriteAsync(context, cancellationToken);
        if (!await LockPersonAsync(context, personId, cancellationToken))
        {
            throw new PersonNotFoundException(personId);
        }

        var current = await ActiveConsents(context, personId).Where(c => c.Purpose == purpose).ToListAsync(cancellationToken);
        if (current.FirstOrDefault(c => c.TextVersion == textVersion) is { } same)
        {
            return same;
        }

        var now = DateTime.UtcNow;
        foreach (var old in current)
        {
            old.WithdrawnAt = now;
        }

        var record = new ConsentRecord
        {
            Id = Guid.CreateVersion7(), PersonId = personId, Purpose = purpose, TextVersion = textVersion, GrantedAt = now,
        };
        context.Consents.Add(record);
        await SaveAsync(context, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return record;
    }

    /// <summary>
    /// Withdraws the consent of <paramref name="personId"/> to <paramref name="purpose"/>. Withdrawing
    /// <see cref="ConsentPurpose.KeepPhotos"/> deletes every stored photo of the person in the same transaction.
    /// </summary>
    /// <remarks>
    /// The transaction first locks the person's row, as writes that keep a photo only under consent do
    /// (<c>photoNeedsConsent</c>). A photo that such a write commits before this withdrawal is deleted here, and a
    /// write that commits after it reads the withdrawn consent and stores no photo.
    /// </remarks>
    /// <returns>Whether a consent was held, and how many photos were deleted.</returns>
    public async Task<(bool Withdrawn, int PhotosDeleted)> WithdrawConsentAsync(Guid personId, ConsentPurpose purpose,
        CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        await using var transaction = await BeginWriteAsync(context, cancellationToken);
        await LockPersonAsync(context, personId, cancellationToken);
        var now = DateTime.UtcNow;
        int withdrawn = await ActiveConsents(context, personId)
            .Where(c => c.Purpose == purpose)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.WithdrawnAt, now), cancellationToken);
        int photos = purpose == ConsentPurpose.KeepPhotos
            ? await context.Photos.Where(p => p.PersonId == personId).ExecuteDeleteAsync(cancellationToken)
            : 0;
        await transaction.CommitAsync(cancellationToken);
        return (withdrawn > 0, photos);
    }

    /// <summary>Lists the consents <paramref name="personId"/> has now, one per purpose at most.</summary>
    public async Task<IReadOnlyList<ConsentRecord>> ListConsentsAsync(Guid personId, CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        return await ActiveConsents(context, personId).AsNoTracking().OrderBy(c => c.Purpose).ToListAsync(cancellationToken);
    }

    /// <summary>Lists every consent record of <paramref name="personId"/>, withdrawn ones included, oldest first.</summary>
    public async Task<IReadOnlyList<ConsentRecord>> ListConsentHistoryAsync(Guid personId, CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        return await context.Consents
            .AsNoTracking()
            .Where(c => c.PersonId == personId)
            .OrderBy(c => c.GrantedAt)
            .ThenBy(c => c.Purpose)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Returns the consent <paramref name="personId"/> has now for <paramref name="purpose"/>, or null.</summary>
    public async Task<ConsentRecord?> FindConsentAsync(Guid personId, ConsentPurpose purpose,
        CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        return await ActiveConsents(context, personId)
            .AsNoTracking()
            .Where(c => c.Purpose == purpose)
            .OrderByDescending(c => c.GrantedAt)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Returns how many photos of <paramref name="personId"/> are stored.</summary>
    public async Task<int> CountPhotosAsync(Guid personId, CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        return await context.Photos.CountAsync(p => p.PersonId == personId, cancellationToken);
    }

    /// <summary>
    /// Appends one entry to the audit log. The store sets <see cref="AuditEntry.Id"/>. An actor or subject id
    /// that names no stored person, such as the id of the erasure request that just deleted the person, is
    /// stored as its log pseudonym instead, as erasure does for the entries before it.
    /// </summary>
    public async Task AddAuditAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var context = CreateContext();
        if (entry.ActorPersonId is { } actor && !await context.People.AnyAsync(p => p.Id == actor, cancellationToken))
        {
            entry.ActorPseudonym = Keys.LogPseudonym(actor);
            entry.ActorPersonId = null;
        }

        if (entry.SubjectPersonId is { } subject && !await context.People.AnyAsync(p => p.Id == subject, cancellationToken))
        {
            entry.SubjectPseudonym = Keys.LogPseudonym(subject);
            entry.SubjectPersonId = null;
        }

        context.AuditLog.Add(entry);
        await SaveAsync(context, cancellationToken);
    }

    /// <summary>Lists audit entries newest first, about <paramref name="subjectPersonId"/> when given.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(Guid? subjectPersonId, int take,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(take);
        await using var context = CreateContext();
        var query = context.AuditLog.AsNoTracking();
        if (subjectPersonId is { } subject)
        {
            query = query.Where(e => e.SubjectPersonId == subject || e.ActorPersonId == subject);
        }

        return await query.OrderByDescending(e => e.Id).Take(take).ToListAsync(cancellationToken);
    }

    /// <summary>Stores a new API token of <paramref name="accountId"/> by the SHA-256 of its secret.</summary>
    public async Task<ApiToken> AddApiTokenAsync(Guid accountId, Guid personId, string name, string secretSha256,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(secretSha256);
        await using var context = CreateContext();
        var token = new ApiToken
        {
            Id = Guid.CreateVersion7(),
            AccountId = accountId,
            PersonId = personId,
            Name = name,
            SecretSha256 = secretSha256,
            CreatedAt = DateTime.UtcNow,
        };
        context.ApiTokens.Add(token);
        await SaveAsync(context, cancellationToken);
        return token;
    }

    /// <summary>Lists the tokens of <paramref name="personId"/>, revoked ones included, newest first.</summary>
    public async Task<IReadOnlyList<ApiToken>> ListApiTokensAsync(Guid personId, CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        return await context.ApiTokens
            .AsNoTracking()
            .Where(t => t.PersonId == personId)
            .OrderByDescending(t => t.CreatedAt)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Revokes token <paramref name="tokenId"/> of <paramref name="personId"/>.</summary>
    /// <returns>False when that person has no such valid token.</returns>
    public async Task<bool> RevokeApiTokenAsync(Guid personId, Guid tokenId, CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        var now = DateTime.UtcNow;
        int revoked = await context.ApiTokens
            .Where(t => t.PersonId == personId && t.Id == tokenId && t.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.RevokedAt, now), cancellationToken);
        return revoked > 0;
    }

    /// <summary>Returns the account of <paramref name="personId"/>, or null for a person without one (the CLI's local person).</summary>
    public async Task<Account?> FindAccountAsync(Guid personId, CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        return await context.Users
            .AsNoTracking()
            .SingleOrDefaultAsync(a => a.PersonId == personId, cancellationToken);
    }

    /// <summary>Returns the valid token whose secret hashes to <paramref name="secretSha256"/>, or null.</summary>
    public async Task<ApiToken?> FindValidApiTokenAsync(string secretSha256, CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        return await context.ApiTokens
            .AsNoTracking()
            .SingleOrDefaultAsync(t => t.SecretSha256 == secretSha256 && t.RevokedAt == null, cancellationToken);
    }

    /// <summary>Stores the research demographics of <paramref name="personId"/>, replacing earlier ones.</summary>
    /// <remarks>Two concurrent first writes both succeed, and the later one's values are kept.</remarks>
    /// <exception cref="PersonNotFoundException">The person does not exist.</exception>
    public async Task SetDemographicsAsync(Demographics demographics, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(demographics);
        await RetryOnUniqueViolationAsync(() => UpsertDemographicsAsync(demographics, cancellationToken));
    }

    private async Task UpsertDemographicsAsync(Demographics demographics, CancellationToken cancellationToken)
    {
        await using var context = CreateContext();
        await EnsurePersonExistsAsync(context, demographics.PersonId, cancellationToken);
        var existing = await context.Demographics.SingleOrDefaultAsync(d => d.PersonId == demographics.PersonId, cancellationToken);
        demographics.UpdatedAt = DateTime.UtcNow;
        if (existing is null)
        {
            context.Demographics.Add(demographics);
        }
        else
        {
            context.Entry(existing).CurrentValues.SetValues(demographics);
        }

        await SaveAsync(context, cancellationToken);
    }

    public async Task<Demographics?> FindDemographicsAsync(Guid personId, CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        return await context.Demographics.AsNoTracking().SingleOrDefaultAsync(d => d.PersonId == personId, cancellationToken);
    }

    /// <summary>
    /// Loads one row per person who has research consent now: their demographics and a summary of their
    /// accepted analyses. Nobody without that consent is read.
    /// </summary>
    public async Task<IReadOnlyList<ResearchSubject>> LoadResearchSubjectsAsync(CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        var consenting = context.Consents
            .Where(c => c.Purpose == ConsentPurpose.Research && c.WithdrawnAt == null)
            .Select(c => c.PersonId)
            .Distinct();
        var demographics = await context.Demographics.AsNoTracking()
            .Where(d => consenting.Contains(d.PersonId))
            .ToDictionaryAsync(d => d.PersonId, cancellationToken);
        var analyses = await context.Analyses.AsNoTracking()
            .Where(a => a.Accepted && consenting.Contains(a.PersonId))
            .GroupBy(a => a.PersonId)
            .Select(g => new { PersonId = g.Key, Count = g.Count(), MeanQuality = g.Average(a => a.QualityScore), MeanIta = g.Average(a => a.SkinToneIta) })
            .ToDictionaryAsync(a => a.PersonId, cancellationToken);
        var people = await consenting.ToListAsync(cancellationToken);
        return people
            .Order()
            .Select(id =>
            {
                demographics.TryGetValue(id, out var d);
                analyses.TryGetValue(id, out var a);
                return new ResearchSubject(id, d?.BirthYear, d?.Sex, d?.SkinType, d?.Region,
                    a?.Count ?? 0, a?.MeanQuality, a?.MeanIta);
            })
            .ToList();
    }

    private static IQueryable<ConsentRecord> ActiveConsents(SkinsightContext context, Guid personId) =>
        context.Consents.Where(c => c.PersonId == personId && c.WithdrawnAt == null);
}

/// <summary>The raw research row of one consenting person, before pseudonymisation and generalisation.</summary>
public sealed record ResearchSubject(
    Guid PersonId,
    int? BirthYear,
    string? Sex,
    string? SkinType,
    string? Region,
    int AcceptedAnalyses,
    double? MeanQualityScore,
    double? MeanSkinToneIta);
