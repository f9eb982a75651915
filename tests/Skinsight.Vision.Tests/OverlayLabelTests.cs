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

    [Fact]
    public void SmallCropLabels_DoNotOverlap()
    {
        // The two under-eye bands of a 200 px UTKFace crop, with labels as wide as "right-under-eye 81" at 11 px.
        var image = new SKSizeI(200, 200);
        var placed = new List<SKRect>();

        var (rightX, rightY) = OverlayRenderer.PlaceLabel(new Rect(39, 68, 33, 12), 100, 11, 1, image, placed);
        var (leftX, leftY) = OverlayRenderer.PlaceLabel(new Rect(119, 68, 32, 12), 96, 11, 1, image, placed);

        var right = new SKRect(rightX, rightY - 11, rightX + 100, rightY);
        var left = new SKRect(leftX, leftY - 11, leftX + 96, leftY);
        Assert.False(right.IntersectsWith(left), $"labels at {right} and {left} overlap");
        Assert.True(left.Top >= 20, $"the label's top {left.Top} is under the title band");
        Assert.True(left.Right <= 200, $"the label ends at {left.Right}, past the image width 200");
        Assert.Equal(2, placed.Count);
    }

    [Fact]
    public void LabelWithRoom_KeepsUsualPlace()
    {
        var placed = new List<SKRect>();

        var (x, y) = OverlayRenderer.PlaceLabel(new Rect(100, 150, 80, 40), 60, 11, 1, s_image, placed);

        Assert.Equal(OverlayRenderer.LabelPosition(new Rect(100, 150, 80, 40), 60, 11, 1, s_image), (x, y));
    }
}
