using Skinsight.Ranking.Suitability;

namespace Skinsight.Ranking.Tests.Suitability;

public class PlattScalingTests
{
    [Fact]
    public void Fit_OverconfidentScores_RecoversSlopeAndIntercept()
    {
        // Raw probabilities twice as extreme in log-odds as the truth, and shifted: the truth is
        // sigmoid(0.5 * logit(raw) - 1).
        var random = new Random(7);
        double[] raw = new double[20_000];
        bool[] labels = new bool[raw.Length];
        for (int i = 0; i < raw.Length; i++)
        {
            double logit = (random.NextDouble() * 8) - 4;
            raw[i] = 1 / (1 + Math.Exp(-logit));
            labels[i] = random.NextDouble() < 1 / (1 + Math.Exp(-((0.5 * logit) - 1)));
        }

        PlattScaling calibration = PlattScaling.Fit(raw, labels);

        Assert.InRange(calibration.Slope, 0.45, 0.55);
        Assert.InRange(calibration.Intercept, -1.1, -0.9);
    }

    [Fact]
    public void Fit_SeparableSample_GivesFiniteParameters()
    {
        double[] raw = [0.1, 0.2, 0.3, 0.7, 0.8, 0.9];
        bool[] labels = [false, false, false, true, true, true];

        PlattScaling calibration = PlattScaling.Fit(raw, labels);

        Assert.True(double.IsFinite(calibration.Slope), $"slope {calibration.Slope}");
        Assert.True(double.IsFinite(calibration.Intercept), $"intercept {calibration.Intercept}");
        Assert.True(calibration.Apply(0.9) > calibration.Apply(0.1));
        Assert.True(calibration.Apply(0.9) < 1, "smoothed targets keep the top below 1");
    }

    [Fact]
    public void Apply_Identity_ReturnsRawProbability()
    {
        Assert.Equal(0.3, PlattScaling.Identity.Apply(0.3), 1e-12);
        Assert.Equal(0.95, PlattScaling.Identity.Apply(0.95), 1e-12);
    }

    [Fact]
    public void Fit_LengthMismatch_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => PlattScaling.Fit([0.5, 0.6], [true]));

        Assert.Contains("2 probabilities and 1 labels", ex.Message);
    }

    [Fact]
    public void LogLoss_CertainAndRight_IsNearZero()
    {
        Assert.True(PlattScaling.LogLoss([0.999999, 0.000001], [true, false]) < 1e-5);
        Assert.Equal(Math.Log(2), PlattScaling.LogLoss([0.5, 0.5], [true, false]), 1e-12);
    }
}
