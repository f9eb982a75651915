namespace Skinsight.Learning.Data;

/// <summary>One image of a labelled data set with its class index and the split it belongs to.</summary>
/// <param name="LesionId">The lesion the image shows (HAM10000 <c>lesion_id</c>), or null when the data has none.</param>
/// <param name="LesionAlsoInShared">
/// The held-out copy's <c>lesion_also_in_shared</c> flag: true when another image of the lesion is in the shared
/// train or val rows, null when the data has no such column.
/// </param>
public sealed record LabeledImage(
    string ImageId,
    string ImagePath,
    int Label,
    string Split,
    string? LesionId = null,
    bool? LesionAlsoInShared = null);
