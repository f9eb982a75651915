using Skinsight.Tracking.Simulation;

namespace Skinsight.Tracking.Tests;

public sealed class TrackingSimulatorTests
{
    [Fact]
    public void Simulate_SameSeed_GivesSameStudy()
    {
        var first = new TrackingSimulator(7).Simulate(new SimulationSettings());
        var second = new TrackingSimulator(7).Simulate(new SimulationSettings());

        Assert.Equal(first.CheckIns.Count, second.CheckIns.Count);
        Assert.Equal(first.CheckIns.Select(c => c.Outcome), second.CheckIns.Select(c => c.Outcome));
    }

    [Fact]
    public void Simulate_Defaults_MissesSomeCheckIns()
    {
        // 40 people × 13 scheduled check-ins; 15% missed leaves about 442.
        var study = new TrackingSimulator(11).Simulate(new SimulationSettings());

        Assert.InRange(study.CheckIns.Count, 400, 480);
        Assert.Equal(40, study.People.Count);
    }

    [Fact]
    public void Simulate_BadPhotos_HaveLowQuality()
    {
        var study = new TrackingSimulator(3).Simulate(new SimulationSettings { BadPhotoRate = 0.2 });

        var low = study.CheckIns.Count(c => c.Quality < 50);
        Assert.Equal(study.BadPhotos, low);
        Assert.True(low > 0);
    }

    [Fact]
    public void Simulate_ExposureBeforeStart_IsZero()
    {
        var study = new TrackingSimulator(5).Simulate(new SimulationSettings());

        foreach (var checkIn in study.CheckIns)
        {
            var person = study.People.Single(p => p.PersonId == checkIn.PersonId);
            var day = (int)Math.Floor((checkIn.Time - person.FirstDay).TotalDays);
            foreach (var (active, exposure) in checkIn.Exposures)
            {
                var started = person.Starts.TryGetValue(active, out var start) && day >= start;
                Assert.Equal(started ? checkIn.Adherence : 0, exposure);
            }
        }
    }
}
