using Skinsight.Core.History;
using Skinsight.Data.Encryption;

namespace Skinsight.Data.Entities;

/// <summary>One recorded experience of one person with one catalog product: owned, liked, disliked or reacted.</summary>
/// <remarks>
/// A reaction to a product is health data, so the product key, the kind and the note are all encrypted under the
/// person's data key. <see cref="EntryDigest"/> lets the store find and deduplicate an entry without them.
/// </remarks>
public sealed class ProductExperienceRecord : IPersonalRecord
{
    public Guid Id { get; set; }

    public Guid PersonId { get; set; }

    /// <summary>
    /// Keyed digest of the person, product key and kind (<see cref="SkinsightStore.ExperienceDigest"/>), unique per
    /// person. Null only in rows written before the digest existed, until the store fills it at open.
    /// </summary>
    public string? EntryDigest { get; set; }

    /// <summary>The product's <see cref="Core.Catalog.Product.Key"/>, e.g. <c>sephora-2023:P473126</c>.</summary>
    [Encrypted]
    public string ProductKey { get; set; } = "";

    /// <summary>The name of <see cref="Kind"/>, which is the stored (encrypted) form.</summary>
    [Encrypted]
    public string KindName { get; set; } = nameof(ExperienceKind.Owned);

    /// <summary>The kind of experience; not mapped, it reads and writes <see cref="KindName"/>.</summary>
    public ExperienceKind Kind
    {
        get => Enum.Parse<ExperienceKind>(KindName);
        set => KindName = value.ToString();
    }

    [Encrypted]
    public string? Note { get; set; }

    /// <summary>Time of the latest recording in UTC.</summary>
    public DateTime RecordedAt { get; set; }

    public ProductExperience ToExperience() =>
        new(ProductKey, Kind, new DateTimeOffset(DateTime.SpecifyKind(RecordedAt, DateTimeKind.Utc)), Note);
}
