using OpenCvSharp;
using Skinsight.Core.Analysis;
using Skinsight.Vision.Faces;
using Skinsight.Vision.Imaging;
using Skinsight.Vision.Measures;

namespace Skinsight.Vision.Tests;

public class DarkCirclesMeasureTests
{
    private static readonly Rect s_leftUnderEye = new(120, 80, 40, 14);
    private static readonly Rect s_rightUnderEye = new(40, 80, 40, 14);

    [Fact]
    public void Measure_EvenLightness_ScoresZero()
    {
        MeasureOutcome? outcome = MeasureFace(0, coverBelow: false);
        using MeasureOverlay? overlay = outcome?.Overlay;

        Assert.NotNull(outcome);
        Assert.Equal(0, outcome.Result.Score);
        Assert.Equal(0, outcome.Result.Details["deltaL"], 1);
        Assert.Equal(2, outcome.Result.Regions.Count);
    }

    [Fact]
    public void Measure_DarkerUnderEye_ReadsDifference()
    {
        MeasureOutcome? outcome = MeasureFace(16, coverBelow: false);
        using MeasureOverlay? overlay = outcome?.Overlay;

        Assert.NotNull(outcome);
        // 16 grey levels at this skin colour are about 6 L*, which the scale maps to about 30.
        Assert.InRange(outcome.Result.Details["deltaL"], 4, 9);
        Assert.InRange(outcome.Result.Score, 15, 55);
    }

    [Fact]
    public void Measure_NoSkinBelow_ReturnsNull()
    {
        MeasureOutcome? outcome = MeasureFace(20, coverBelow: true);

        Assert.Null(outcome);
    }

    /// <summary>
    /// Measures a flat skin-coloured 200x200 face whose under-eye regions are darker by <paramref name="darkening"/>
    /// grey levels; with <paramref name="coverBelow"/> the skin below the bands is taken out of the skin mask.
    /// </summary>
    private static MeasureOutcome? MeasureFace(int darkening, bool coverBelow)
    {
        using var bgr = new Mat(200, 200, MatType.CV_8UC3, new Scalar(112, 144, 208));
        foreach (Rect band in new[] { s_leftUnderEye, s_rightUnderEye })
        {
            using var roi = new Mat(bgr, band);
            roi.SetTo(new Scalar(112 - darkening, 144 - darkening, 208 - darkening));
        }

        using LabImage lab = LabImage.FromBgr(bgr);
        using var skin = new Mat(200, 200, MatType.CV_8UC1, Scalar.All(255));
        if (coverBelow)
        {
            skin.Rectangle(new Rect(0, 94, 200, 60), Scalar.All(0), -1);
        }

        var regions = new Dictionary<string, Rect>
        {
            [RegionNames.LeftUnderEye] = s_leftUnderEye,
            [RegionNames.RightUnderEye] = s_rightUnderEye,
        };
        using var area = new Mat(200, 200, MatType.CV_8UC1, Scalar.All(0));
        foreach (Rect band in regions.Values)
        {
            area.Rectangle(band, Scalar.All(255), -1);
        }

        using var colour = area.Clone();
        using var context = new MeasureContext(AnalysisMode.Face, lab, skin, area, colour, regions, 200);
        return new DarkCirclesMeasure().Measure(context);
    }
}
