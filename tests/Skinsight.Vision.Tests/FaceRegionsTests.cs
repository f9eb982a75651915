using OpenCvSharp;
using Skinsight.Vision.Faces;

namespace Skinsight.Vision.Tests;

public sealed class FaceRegionsTests
{
    private static readonly FaceDetection s_frontal = new(new Rect(100, 100, 200, 200), FaceView.Frontal, []);

    [Fact]
    public void Derive_FrontalFace_PlacesRegionsByFaceGeometry()
    {
        Dictionary<string, Rect> regions = FaceRegions.Derive(s_frontal, FaceView.Frontal, new Size(400, 400));

        Assert.Equal(s_frontal.Face, regions[RegionNames.Face]);
        Assert.True(regions[RegionNames.Forehead].Bottom < regions[RegionNames.Nose].Top);
        Assert.True(regions[RegionNames.Nose].Bottom < regions[RegionNames.Chin].Top);

        // The person's left cheek is on the image's right.
        Assert.True(regions[RegionNames.LeftCheek].Left > regions[RegionNames.Nose].Right);
        Assert.True(regions[RegionNames.RightCheek].Right < regions[RegionNames.Nose].Left);
        Assert.True(regions[RegionNames.LeftUnderEye].Bottom <= regions[RegionNames.LeftCheek].Top);
        Assert.True(regions[RegionNames.LeftUnderEye].Top > regions[RegionNames.Forehead].Bottom);
    }

    [Fact]
    public void Derive_FaceAtImageEdge_ClipsRegionsToTheImage()
    {
        var face = new FaceDetection(new Rect(-50, 300, 200, 200), FaceView.Frontal, []);

        Dictionary<string, Rect> regions = FaceRegions.Derive(face, FaceView.Frontal, new Size(400, 400));

        var bounds = new Rect(0, 0, 400, 400);
        Assert.All(regions.Values, r => Assert.Equal(r, r.Intersect(bounds)));
        Assert.DoesNotContain(RegionNames.RightCheek, regions.Keys);
    }

    [Fact]
    public void RefineView_SkinOnlyOnRightOfBox_IsTurnedLeft()
    {
        using var skin = new Mat(400, 400, MatType.CV_8UC1, Scalar.All(0));
        skin.Rectangle(new Rect(170, 100, 130, 200), Scalar.All(255), -1);

        FaceView view = FaceRegions.RefineView(s_frontal, skin);
        Dictionary<string, Rect> regions = FaceRegions.Derive(s_frontal, view, new Size(400, 400));

        Assert.Equal(FaceView.TurnedLeft, view);
        Assert.Contains(RegionNames.LeftCheek, regions.Keys);
        Assert.DoesNotContain(RegionNames.RightCheek, regions.Keys);
    }

    [Fact]
    public void RefineView_SkinAcrossBox_StaysFrontal()
    {
        using var skin = new Mat(400, 400, MatType.CV_8UC1, Scalar.All(0));
        skin.Rectangle(new Rect(90, 90, 220, 230), Scalar.All(255), -1);

        Assert.Equal(FaceView.Frontal, FaceRegions.RefineView(s_frontal, skin));
    }
}
