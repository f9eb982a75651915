namespace Skinsight.Vision.Faces;

/// <summary>
/// Names of the face regions. Left and right are the person's own sides, so in an unmirrored photo the left cheek is
/// on the image's right.
/// </summary>
public static class RegionNames
{
    public const string Face = "face";
    public const string Forehead = "forehead";
    public const string LeftCheek = "left-cheek";
    public const string RightCheek = "right-cheek";
    public const string Nose = "nose";
    public const string Chin = "chin";
    public const string LeftUnderEye = "left-under-eye";
    public const string RightUnderEye = "right-under-eye";

    /// <summary>The whole skin area of a close-up photo, where no face was found.</summary>
    public const string Skin = "skin";

    /// <summary>The regions every measure reports a score for.</summary>
    public static readonly IReadOnlyList<string> Measured = [Forehead, LeftCheek, RightCheek, Nose, Chin];
}
