namespace Skinsight.Learning.Data;

/// <summary>One image of a labelled data set with its class index and the split it belongs to.</summary>
public sealed record LabeledImage(string ImageId, string ImagePath, int Label, string Split);
