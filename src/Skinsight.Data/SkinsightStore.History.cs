using Microsoft.EntityFrameworkCore;
using Skinsight.Core.History;
using Skinsight.Data.Entities;

namespace Skinsight.Data;

public sealed partial class SkinsightStore
{
    /// <summary>
    /// Records that <paramref name="personId"/> owns, liked, disliked or reacted to a product. Recording the same
    /// product and kind again replaces the note and the time.
    /// </summary>
    /// <remarks>
    /// Concurrent requests for the same product and kind all succeed and leave one entry, with the note of the
    /// request that saved last.
    /// </remarks>
    /// <exception cref="PersonNotFoundException">The person does not exist.</exception>
    public async Task<ProductExperience> RecordExperienceAsync(
        Guid personId,
        string productKey,
        ExperienceKind kind,
        string? note,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(productKey);
        return await RetryOnUniqueViolationAsync(
            () => UpsertExperienceAsync(personId, productKey, kind, note, cancellationToken));
    }

    private async Task<ProductExperience> UpsertExperienceAsync(
        Guid personId,
        string productKey,
        ExperienceKind kind,
        string? note,
        CancellationToken cancellationToken)
    {
        await using var context = CreateContext();
        await EnsurePersonExistsAsync(context, personId, cancellationToken);
        string digest = ExperienceDigest(personId, productKey, kind);
        var record = await context.ProductExperiences.SingleOrDefaultAsync(
            e => e.PersonId == personId && e.EntryDigest == digest, cancellationToken);
        if (record is null)
        {
            record = new ProductExperienceRecord
            {
                Id = Guid.NewGuid(),
                PersonId = personId,
                EntryDigest = digest,
                ProductKey = productKey,
                Kind = kind,
            };
            context.ProductExperiences.Add(record);
        }

        record.Note = note;
        record.RecordedAt = DateTime.UtcNow;
        await SaveAsync(context, cancellationToken);
        return record.ToExperience();
    }

    /// <summary>Lists the product history of <paramref name="personId"/>, newest first.</summary>
    public async Task<IReadOnlyList<ProductExperience>> ListExperiencesAsync(
        Guid personId,
        CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        var records = await context.ProductExperiences
            .AsNoTracking()
            .Where(e => e.PersonId == personId)
            .ToListAsync(cancellationToken);

        // The product key is encrypted, so the tie-break on it runs after decryption.
        return [.. records
            .OrderByDescending(e => e.RecordedAt)
            .ThenBy(e => e.ProductKey, StringComparer.Ordinal)
            .Select(e => e.ToExperience())];
    }

    /// <summary>
    /// Removes the entries of one product from the history of <paramref name="personId"/>: only the given kind, or
    /// every kind when <paramref name="kind"/> is null.
    /// </summary>
    /// <returns>How many entries were removed.</returns>
    public async Task<int> RemoveExperienceAsync(
        Guid personId,
        string productKey,
        ExperienceKind? kind,
        CancellationToken cancellationToken = default)
    {
        ExperienceKind[] kinds = kind is { } one ? [one] : Enum.GetValues<ExperienceKind>();
        var digests = kinds.Select(k => ExperienceDigest(personId, productKey, k)).ToList();
        await using var context = CreateContext();
        return await context.ProductExperiences
            .Where(e => e.PersonId == personId && digests.Contains(e.EntryDigest!))
            .ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// Returns the keyed digest that identifies one product history entry, so that an entry can be found without
    /// decrypting its product key and kind. The person id is part of it, so one product gives each person a
    /// different digest.
    /// </summary>
    internal string ExperienceDigest(Guid personId, string productKey, ExperienceKind kind) =>
        Keys.LookupDigest($"product-experience\n{personId:N}\n{kind}\n{productKey}");
}
