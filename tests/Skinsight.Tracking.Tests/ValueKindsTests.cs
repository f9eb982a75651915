using Skinsight.Core.Analysis;
using Skinsight.Tracking.CheckIns;
using Skinsight.Tracking.Trends;

namespace Skinsight.Tracking.Tests;

public sealed class ValueKindsTests
{
    [Theory]
    [InlineData(MeasureNames.Redness, BetterDirection.Lower)]
    [InlineData(MeasureNames.Acne, BetterDirection.Lower)]
    [InlineData(MeasureNames.Evenness, BetterDirection.Higher)]
    public void Find_PhotoMeasure_KnowsBetterDirection(string name, BetterDirection better)
    {
        ValueKind kind = ValueKinds.Find(name);

        Assert.Equal(better, kind.Better);
        Assert.Equal(0, kind.Min);
        Assert.Equal(100, kind.Max);
    }

    [Fact]
    public void Measure_Pores_HasFloorOthersUseTheirNoise()
    {
        Assert.Equal(10, ValueKinds.Measure(MeasureNames.Pores).NoiseFloor);
        Assert.Null(ValueKinds.Measure(MeasureNames.Redness).NoiseFloor);
    }

    [Fact]
    public void ValidateReading_HugeValue_ShowsExponent()
    {
        var error = Assert.Throws<TrackingException>(() => ValueKinds.ValidateReading("hydration", 1e308, "AU"));

        Assert.Contains("value 1E+308 AU", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 200, $"message of {error.Message.Length} characters");
    }
}
