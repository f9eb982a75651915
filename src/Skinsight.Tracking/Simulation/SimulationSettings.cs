using Skinsight.Tracking.Regression;

namespace Skinsight.Tracking.Simulation;

/// <summary>
/// The true model behind a simulated study. Defaults describe 40 people checking in weekly for 12 weeks, with
/// two effective actives and one without effect.
/// </summary>
/// <remarks>
/// outcome = baseline + Σ TrueEffects[a] × exposure[a] + AdherenceEffect × adherence
/// + SeasonalAmplitude × cos(2π (day of year − SeasonalPeakDay) / 365.25) + N(0, MeasurementNoise²).
/// Exposure to an active is the check-in's adherence once the person has started it and 0 before.
/// </remarks>
public sealed record SimulationSettings
{
    public int People { get; init; } = 40;

    /// <summary>Start of every simulated person id, e.g. <c>sim-0007</c>; change it to combine studies.</summary>
    public string IdPrefix { get; init; } = "sim";

    /// <summary>Length of each person's study in days.</summary>
    public int Days { get; init; } = 84;

    public int CheckInIntervalDays { get; init; } = 7;

    /// <summary>Chance that a scheduled check-in does not happen.</summary>
    public double MissedCheckInRate { get; init; } = 0.15;

    /// <summary>True change in the outcome per unit of exposure, by active. Negative values improve a score.</summary>
    public IReadOnlyDictionary<string, double> TrueEffects { get; init; } = new Dictionary<string, double>
    {
        ["niacinamide"] = -4,
        ["retinol"] = -6,
        ["vitamin-c"] = 0,
    };

    /// <summary>Chance that a person uses a given active at some point in the study.</summary>
    public double UseProbability { get; init; } = 0.6;

    /// <summary>
    /// Latest start of an active as a fraction of the study. Starts are uniform from day 0 to this point, so most
    /// users have check-ins both before and after they start.
    /// </summary>
    public double LatestStartFraction { get; init; } = 0.6;

    public double BaselineMean { get; init; } = 50;

    /// <summary>Standard deviation of people's baselines around <see cref="BaselineMean"/>.</summary>
    public double BaselineSd { get; init; } = 10;

    /// <summary>Standard deviation of the measurement error of each check-in.</summary>
    public double MeasurementNoise { get; init; } = 3;

    public double SeasonalAmplitude { get; init; } = 3;

    /// <summary>Day of the year (1-366) when the seasonal term is highest.</summary>
    public double SeasonalPeakDay { get; init; } = 15;

    /// <summary>True coefficient of overall adherence, apart from the actives it carries.</summary>
    public double AdherenceEffect { get; init; }

    /// <summary>Lowest adherence drawn; each check-in's adherence is uniform between this and 1.</summary>
    public double MinAdherence { get; init; } = 0.5;

    /// <summary>Chance that a check-in's photo is bad: low quality and a value off by ±<see cref="BadPhotoShift"/>.</summary>
    public double BadPhotoRate { get; init; } = 0.05;

    public double BadPhotoShift { get; init; } = 25;

    /// <summary>People start on a uniform random day of the year after this date, so seasons differ between them.</summary>
    public DateTimeOffset EarliestStart { get; init; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Regression settings whose photo-quality cut-off matches the simulated bad photos.</summary>
    public RegressionOptions Regression { get; init; } = new();
}
