using Skinsight.Core.Colour;

namespace Skinsight.Core.Tests;

public class ItaTests
{
    [Theory]
    [InlineData(70, 10, 63.43, "very-light")]
    [InlineData(65, 15, 45.00, "light")]
    [InlineData(60, 15, 33.69, "intermediate")]
    [InlineData(55, 20, 14.04, "tan")]
    [InlineData(40, 20, -26.57, "brown")]
    [InlineData(20, 10, -71.57, "dark")]
    public void FromLab_KnownValues_MatchesAngleAndCategory(double l, double b, double expectedIta, string category)
    {
        double ita = Ita.FromLab(l, b);

        Assert.Equal(expectedIta, ita, precision: 2);
        Assert.Equal(category, Ita.Categorise(ita));
    }

    [Fact]
    public void FromLab_ZeroB_IsDefined()
    {
        Assert.Equal(90, Ita.FromLab(60, 0), precision: 6);
    }
}

public class CieLabTests
{
    [Theory]
    [InlineData(255, 255, 255, 100.0, 0.0, 0.0)]
    [InlineData(255, 0, 0, 53.24, 80.09, 67.20)]
    [InlineData(0, 0, 0, 0.0, 0.0, 0.0)]
    [InlineData(128, 128, 128, 53.59, 0.0, 0.0)]
    public void FromSrgb_ReferenceColours_MatchPublishedLab(byte r, byte g, byte b, double l, double a, double bb)
    {
        Lab lab = CieLab.FromSrgb(r, g, b);

        Assert.Equal(l, lab.L, precision: 1);
        Assert.Equal(a, lab.A, precision: 1);
        Assert.Equal(bb, lab.B, precision: 1);
    }
}
