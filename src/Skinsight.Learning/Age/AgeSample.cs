namespace Skinsight.Learning.Age;

/// <summary>One labelled face crop of a UTKFace-style folder.</summary>
/// <param name="ImageFile">Path relative to the data folder, as written in <c>labels.csv</c>.</param>
/// <param name="Gender">0 male, 1 female as UTKFace codes it, or null when the row leaves it blank.</param>
/// <param name="Race">0 White, 1 Black, 2 Asian, 3 Indian, 4 Others as UTKFace codes it, or null when blank.</param>
/// <param name="Split">train, val or test: the folder's split column, or the file-name hash split without one.</param>
public sealed record AgeSample(string ImageFile, string ImagePath, int Age, int? Gender, int? Race, string Split);
