using MathNet.Numerics.Distributions;
using Skinsight.Tracking.Regression;
using Skinsight.Tracking.Trends;

namespace Skinsight.Tracking.Simulation;

/// <summary>A simulated person and the truth behind their check-ins.</summary>
/// <param name="Starts">Day each active was started, counted from the person's first day; absent if never used.</param>
public sealed record SimulatedPerson(string PersonId, DateTimeOffset FirstDay, double Baseline, IReadOnlyDictionary<string, int> Starts);

/// <summary>One simulated study: the check-ins the statistics see and the truth that produced them.</summary>
/// <param name="BadPhotos">Number of check-ins given a bad photo.</param>
public sealed record SimulatedStudy(
    IReadOnlyList<CheckIn> CheckIns,
    IReadOnlyList<SimulatedPerson> People,
    SimulationSettings Settings,
    int BadPhotos)
{
    /// <summary>Returns one person's check-ins as a series for <see cref="TrendAnalysis"/>.</summary>
    public IReadOnlyList<TrendPoint> SeriesOf(string personId) => CheckIns
        .Where(c => c.PersonId == personId)
        .Select(c => new TrendPoint(c.Time, c.Outcome, Settings.MeasurementNoise, c.Quality))
        .ToList();
}

/// <summary>
/// Generates check-ins with known true effects, to prove the statistics recover them.
/// </summary>
/// <remarks>
/// A test instrument only. Its output is synthetic and must never be stored as or shown as anyone's real data.
/// The same seed and settings always give the same study on the same .NET version.
/// </remarks>
public sealed class TrackingSimulator
{
    private const double GoodQualityMin = 60;
    private const double GoodQualityMax = 95;
    private const double BadQualityMin = 5;
    private const double BadQualityMax = 40;

    private readonly Random _random;

    public TrackingSimulator(int seed)
    {
        _random = new Random(seed);
    }

    /// <summary>Simulates one study of <see cref="SimulationSettings.People"/> people.</summary>
    public SimulatedStudy Simulate(SimulationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.People, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.CheckInIntervalDays, 1);

        var checkIns = new List<CheckIn>();
        var people = new List<SimulatedPerson>(settings.People);
        var badPhotos = 0;
        for (var p = 0; p < settings.People; p++)
        {
            var person = DrawPerson(settings, $"{settings.IdPrefix}-{p:D4}");
            people.Add(person);
            for (var day = 0; day <= settings.Days; day += settings.CheckInIntervalDays)
            {
                if (_random.NextDouble() < settings.MissedCheckInRate)
                {
                    continue;
                }

                var checkIn = DrawCheckIn(settings, person, day);
                if (_random.NextDouble() < settings.BadPhotoRate)
                {
                    checkIn = SpoilPhoto(checkIn, settings.BadPhotoShift);
                    badPhotos++;
                }

                checkIns.Add(checkIn);
            }
        }

        return new SimulatedStudy(checkIns, people, settings, badPhotos);
    }

    /// <summary>Simulates a series with no trend at all: constant level plus normal noise at weekly check-ins.</summary>
    public IReadOnlyList<TrendPoint> PureNoiseSeries(int count, double noise, double slopePerDay = 0)
    {
        var start = new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);
        return Enumerable.Range(0, count)
            .Select(k => new TrendPoint(
                start.AddDays(7 * k), 50 + slopePerDay * 7 * k + Normal.Sample(_random, 0, noise), noise))
            .ToList();
    }

    private SimulatedPerson DrawPerson(SimulationSettings settings, string id)
    {
        var firstDay = settings.EarliestStart.AddDays(_random.Next(0, 365));
        var baseline = Normal.Sample(_random, settings.BaselineMean, settings.BaselineSd);
        var starts = new Dictionary<string, int>();
        foreach (var active in settings.TrueEffects.Keys.Order(StringComparer.Ordinal))
        {
            if (_random.NextDouble() < settings.UseProbability)
            {
                starts[active] = _random.Next(0, (int)(settings.Days * settings.LatestStartFraction) + 1);
            }
        }

        return new SimulatedPerson(id, firstDay, baseline, starts);
    }

    private CheckIn DrawCheckIn(SimulationSettings settings, SimulatedPerson person, int day)
    {
        // Photos are taken at a random time between 07:00 and 22:00.
        var time = person.FirstDay.AddDays(day).AddHours(7 + 15 * _random.NextDouble());
        var adherence = settings.MinAdherence + (1 - settings.MinAdherence) * _random.NextDouble();

        var exposures = new Dictionary<string, double>();
        var outcome = person.Baseline + settings.AdherenceEffect * adherence;
        foreach (var (active, effect) in settings.TrueEffects)
        {
            var exposure = person.Starts.TryGetValue(active, out var start) && day >= start ? adherence : 0;
            exposures[active] = exposure;
            outcome += effect * exposure;
        }

        var dayOfYear = time.UtcDateTime.DayOfYear - 1 + time.UtcDateTime.TimeOfDay.TotalDays;
        outcome += settings.SeasonalAmplitude * Math.Cos(2 * Math.PI * (dayOfYear - (settings.SeasonalPeakDay - 1)) / 365.25);
        outcome += Normal.Sample(_random, 0, settings.MeasurementNoise);
        var quality = GoodQualityMin + (GoodQualityMax - GoodQualityMin) * _random.NextDouble();
        return new CheckIn(person.PersonId, time, outcome, exposures, adherence, quality);
    }

    private CheckIn SpoilPhoto(CheckIn checkIn, double shift)
    {
        var sign = _random.NextDouble() < 0.5 ? -1 : 1;
        var quality = BadQualityMin + (BadQualityMax - BadQualityMin) * _random.NextDouble();
        return checkIn with { Outcome = checkIn.Outcome + sign * shift, Quality = quality };
    }
}
