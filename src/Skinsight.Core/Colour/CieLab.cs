namespace Skinsight.Core.Colour;

/// <summary>A colour in CIELAB under the D65 white point.</summary>
public readonly record struct Lab(double L, double A, double B);

/// <summary>sRGB to CIELAB conversion (IEC 61966-2-1 sRGB, D65, CIE 1976 L*a*b*).</summary>
public static class CieLab
{
    // D65 reference white, 2 degree observer.
    private const double WhiteX = 0.95047;
    private const double WhiteY = 1.0;
    private const double WhiteZ = 1.08883;

    private static readonly double[] s_linear = BuildLinearTable();

    /// <summary>Converts 8-bit sRGB to CIELAB.</summary>
    public static Lab FromSrgb(byte r, byte g, byte b)
    {
        double rl = s_linear[r], gl = s_linear[g], bl = s_linear[b];

        double x = (0.4124564 * rl) + (0.3575761 * gl) + (0.1804375 * bl);
        double y = (0.2126729 * rl) + (0.7151522 * gl) + (0.0721750 * bl);
        double z = (0.0193339 * rl) + (0.1191920 * gl) + (0.9503041 * bl);

        double fx = F(x / WhiteX), fy = F(y / WhiteY), fz = F(z / WhiteZ);
        return new Lab((116 * fy) - 16, 500 * (fx - fy), 200 * (fy - fz));
    }

    private static double F(double t) =>
        t > 216.0 / 24389.0 ? Math.Cbrt(t) : ((24389.0 / 27.0 * t) + 16) / 116;

    private static double[] BuildLinearTable()
    {
        var table = new double[256];
        for (int i = 0; i < 256; i++)
        {
            double c = i / 255.0;
            table[i] = c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }

        return table;
    }
}

/// <summary>
/// Individual Typology Angle: ITA° = atan((L* - 50) / b*) in degrees, with the skin-colour categories of
/// Chardon, Cretois and Hourseau (Int J Cosmet Sci 13:191-208, 1991), as used by Del Bino et al. (2013).
/// </summary>
public static class Ita
{
    /// <summary>Category bounds, highest first: a value above <c>Lower</c> falls in that category.</summary>
    public static readonly IReadOnlyList<(string Category, double Lower)> Categories =
    [
        ("very-light", 55),
        ("light", 41),
        ("intermediate", 28),
        ("tan", 10),
        ("brown", -30),
        ("dark", double.NegativeInfinity),
    ];

    /// <summary>Computes ITA° from L* and b*; uses atan2 so that b* = 0 is defined.</summary>
    public static double FromLab(double l, double b) => Math.Atan2(l - 50, b) * 180 / Math.PI;

    /// <summary>Returns the category name whose range holds <paramref name="ita"/>.</summary>
    public static string Categorise(double ita)
    {
        foreach (var (category, lower) in Categories)
        {
            if (ita > lower)
            {
                return category;
            }
        }

        return Categories[^1].Category;
    }
}
