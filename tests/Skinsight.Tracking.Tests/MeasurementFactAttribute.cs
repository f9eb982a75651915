namespace Skinsight.Tracking.Tests;

/// <summary>
/// A long measurement that runs only when <c>SKINSIGHT_MEASURE=1</c>, so the default test run stays short.
/// </summary>
public sealed class MeasurementFactAttribute : FactAttribute
{
    public MeasurementFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("SKINSIGHT_MEASURE") != "1")
        {
            Skip = "Long measurement; set SKINSIGHT_MEASURE=1 to run it.";
        }
    }
}
