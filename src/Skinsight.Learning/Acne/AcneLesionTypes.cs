namespace Skinsight.Learning.Acne;

/// <summary>The four lesion types of the ACNE04 annotations, by the object names of their Pascal VOC files.</summary>
public static class AcneLesionTypes
{
    public const int Count = 4;

    /// <summary>The annotation names, in the order of the detector's type channels.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["whitehead and blackhead", "papules", "pustules", "nodules and cysts"];

    /// <summary>The index of an annotation name, or -1 when the name is not one of <see cref="Names"/>.</summary>
    public static int IndexOf(string name)
    {
        for (int i = 0; i < Count; i++)
        {
            if (string.Equals(Names[i], name.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
