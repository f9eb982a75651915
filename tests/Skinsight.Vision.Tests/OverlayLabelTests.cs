using OpenCvSharp;
using SkiaSharp;
using Skinsight.Vision.Overlays;

namespace Skinsight.Vision.Tests;

public class OverlayLabelTests
{
    private static readonly SKSizeI s_image = new(400, 300);

    [Fact]
    public void RegionAtTopLeft_LabelGoesInside()
    {
        var (x, y) = OverlayRenderer.LabelPosition(new Rect(0, 5, 120, 80), textWidth: 60, textSize: 11, unit: 1, s_image);

        Assert.True(x >= 2, $"x = {x}");
        Assert.True(y - 11 >= 20, $"the label's top {y - 11} is under the title band");
    }

    [Fact]
    public void RegionAtRightEdge_LabelStaysInImage()
    {
        var (x, _) = OverlayRenderer.LabelPosition(new Rect(380, 150, 20, 40), textWidth: 70, textSize: 11, unit: 1, s_image);

        Assert.True(x + 70 <= 400 - 2, $"the label ends at {x + 70}, past the image width 400");
    }

    [Fact]
    public void RegionWithRoomAbove_LabelSitsAbove()
    {
        var (x, y) = OverlayRenderer.LabelPosition(new Rect(100, 150, 80, 40), textWidth: 60, textSize: 11, unit: 1, s_image);

        Assert.Equal(102, x);
        Assert.Equal(147, y);
    }
}
