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
    /// <exception cref="PersonNotFoundException">The person does not exist.</exception>
    public async Task<ProductExperience> RecordExperienceAsync(
        Guid personId,
        string productKey,
        ExperienceKind kind,
        string? note,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(productKey);
        await using var context = CreateContext();
        await EnsurePersonExistsAsync(context, personId, cancellationToken);
        var record = await context.ProductExperiences.SingleOrDefaultAsync(
            e => e.PersonId == personId && e.ProductKey == productKey && e.Kind == kind, cancellationToken);
        if (record is null)
        {
            record = new ProductExperienceRecord { Id = Guid.NewGuid(), PersonId = personId, ProductKey = productKey, Kind = kind };
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
            .OrderByDescending(e => e.RecordedAt)
            .ThenBy(e => e.ProductKey)
            .ToListAsync(cancellationToken);
        return [.. records.Select(e => e.ToExperience())];
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
        await using var context = CreateContext();
        return await context.ProductExperiences
            .Where(e => e.PersonId == personId && e.ProductKey == productKey && (kind == null || e.Kind == kind))
            .ExecuteDeleteAsync(cancellationToken);
    }
}
