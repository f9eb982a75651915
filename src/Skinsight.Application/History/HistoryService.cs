using Skinsight.Core;
using Skinsight.Core.History;
using Skinsight.Data;

namespace Skinsight.Application.History;

/// <summary>A product key that the imported catalog does not contain.</summary>
public sealed class UnknownProductException(string productKey)
    : InvalidInputException(
        $"Product '{productKey}' is not in the imported catalog. Use a key such as sephora-2023:P473126, "
        + "as 'skinsight catalog search' or GET /api/products lists them.")
{
    public override int StatusCode => 404;
}

/// <summary>Records, lists and removes the products a person owns, liked, disliked or reacted to.</summary>
public sealed class HistoryService(SkinsightStore store)
{
    /// <summary>Parses <c>owned</c>, <c>liked</c>, <c>disliked</c> or <c>reacted</c>, in any letter case.</summary>
    /// <exception cref="InvalidInputException">The text is none of those.</exception>
    public static ExperienceKind ParseKind(string text)
    {
        if (!string.IsNullOrWhiteSpace(text) && char.IsLetter(text.Trim()[0])
            && Enum.TryParse(text.Trim(), ignoreCase: true, out ExperienceKind kind))
        {
            return kind;
        }

        throw new InvalidInputException(
            $"'{text}' is not a history kind. Use one of {string.Join(", ", Enum.GetNames<ExperienceKind>().Select(n => n.ToLowerInvariant()))}.");
    }

    /// <summary>Records one entry after checking that the product is in the imported catalog.</summary>
    /// <exception cref="UnknownProductException">The catalog has no product with <paramref name="productKey"/>.</exception>
    /// <exception cref="InvalidInputException">The note is longer than <see cref="SkinsightContext.NoteMaxLength"/>.</exception>
    /// <exception cref="PersonNotFoundException">The person does not exist.</exception>
    public async Task<ProductExperience> RecordAsync(
        Guid personId, string productKey, ExperienceKind kind, string? note, CancellationToken cancellationToken = default)
    {
        string key = (productKey ?? "").Trim();
        int split = key.IndexOf(':', StringComparison.Ordinal);
        if (split <= 0 || split == key.Length - 1
            || await store.FindProductAsync(key[..split], key[(split + 1)..], cancellationToken) is null)
        {
            throw new UnknownProductException(key);
        }

        string? trimmedNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (trimmedNote?.Length > SkinsightContext.NoteMaxLength)
        {
            throw new InvalidInputException(
                $"The note has {trimmedNote.Length} characters; shorten it to {SkinsightContext.NoteMaxLength} or fewer.");
        }

        return await store.RecordExperienceAsync(personId, key, kind, trimmedNote, cancellationToken);
    }

    public Task<IReadOnlyList<ProductExperience>> ListAsync(Guid personId, CancellationToken cancellationToken = default) =>
        store.ListExperiencesAsync(personId, cancellationToken);

    /// <summary>Removes one kind, or every kind when <paramref name="kind"/> is null, of one product's entries.</summary>
    /// <returns>How many entries were removed.</returns>
    public Task<int> RemoveAsync(
        Guid personId, string productKey, ExperienceKind? kind, CancellationToken cancellationToken = default) =>
        store.RemoveExperienceAsync(personId, (productKey ?? "").Trim(), kind, cancellationToken);
}
