namespace Skinsight.Core.Profiles;

/// <summary>How much time a person spends in daylight on a usual day.</summary>
public enum SunExposure
{
    /// <summary>Under 30 minutes outdoors a day.</summary>
    Low,

    /// <summary>30 minutes to 2 hours outdoors a day.</summary>
    Moderate,

    /// <summary>More than 2 hours outdoors a day, such as outdoor work or sport.</summary>
    High,
}

/// <summary>Habits that change what the skin needs.</summary>
/// <param name="SleepHours">Usual hours of sleep a night, or null when not given.</param>
public sealed record Lifestyle(double? SleepHours = null, SunExposure SunExposure = SunExposure.Moderate, bool Smoking = false);

/// <summary>Time of year, which changes how rich the moisturiser should be.</summary>
public enum Season
{
    Spring,
    Summer,
    Autumn,
    Winter,
}

/// <summary>How many steps a person is willing to follow.</summary>
public enum RoutineLength
{
    /// <summary>Cleanser, moisturiser, sunscreen and at most one treatment.</summary>
    Minimal,

    /// <summary>Up to two treatments.</summary>
    Moderate,

    /// <summary>Up to three treatments, the planner's limit.</summary>
    Full,
}
