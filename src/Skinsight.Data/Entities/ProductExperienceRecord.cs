using Skinsight.Core.History;

namespace Skinsight.Data.Entities;

/// <summary>One recorded experience of one person with one catalog product: owned, liked, disliked or reacted.</summary>
public sealed class ProductExperienceRecord
{
    public Guid Id { get; set; }

    public Guid PersonId { get; set; }

    /// <summary>The product's <see cref="Core.Catalog.Product.Key"/>, e.g. <c>sephora-2023:P473126</c>.</summary>
    public string ProductKey { get; set; } = "";

    public ExperienceKind Kind { get; set; }

    public string? Note { get; set; }

    /// <summary>Time of the latest recording in UTC.</summary>
    public DateTime RecordedAt { get; set; }

    public ProductExperience ToExperience() =>
        new(ProductKey, Kind, new DateTimeOffset(DateTime.SpecifyKind(RecordedAt, DateTimeKind.Utc)), Note);
}
