using SkiaSharp;
using Skinsight.Application.Tracking;
using Skinsight.Core.Analysis;
using Skinsight.Tracking;

namespace Skinsight.Application.Tests;

public class BeforeAfterTests
{
    [Fact]
    public void Compose_TwoFaces_CropsOnFaceBoxes()
    {
        var before = Photo(SKColors.Red, faceX: 50);
        var after = Photo(SKColors.Blue, faceX: 80);

        using var result = SKBitmap.Decode(BeforeAfterImage.Compose(before, after));

        // A 100-pixel face box plus 25% margins is 150 pixels square, scaled to the crop height. The after box
        // would reach x = 205, so it is clipped at the photo's edge to 145 pixels wide.
        int afterWidth = (int)Math.Round(145.0 * BeforeAfterImage.FaceHeight / 150);
        Assert.Equal(BeforeAfterImage.FaceHeight + afterWidth, result.Width);
        Assert.True(result.Height > BeforeAfterImage.FaceHeight);
        Assert.Equal(SKColors.Red, result.GetPixel(BeforeAfterImage.FaceHeight / 2, BeforeAfterImage.FaceHeight / 2));
        Assert.Equal(SKColors.Blue, result.GetPixel(BeforeAfterImage.FaceHeight + afterWidth / 2, BeforeAfterImage.FaceHeight / 2));
    }

    [Fact]
    public void Compose_CloseUpWithoutFaceBox_Throws()
    {
        var before = Photo(SKColors.Red, faceX: 20);
        var closeUp = before with { Analysis = before.Analysis with { Regions = [] } };

        var error = Assert.Throws<TrackingException>(() => BeforeAfterImage.Compose(before, closeUp));

        Assert.Contains("close-up", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BeforeAfter_OnePhoto_Throws()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreateDefaultPersonAsync();
        var service = new CheckInService(temp.Store, new FakeAnalyzer(Samples.Analysis(true)));
        await service.AddAsync(person.Id, new CheckInRequest(), Samples.Jpeg);

        var error = await Assert.ThrowsAsync<TrackingException>(() => new ProgressService(temp.Store).BeforeAfterAsync(person.Id));

        Assert.Contains("but 1 have one", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A 200x200 grey PNG with a coloured 100x100 face box at (faceX, 50).</summary>
    private static ComparisonPhoto Photo(SKColor face, int faceX)
    {
        using var bitmap = new SKBitmap(200, 200);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Gray);
            using var paint = new SKPaint { Color = face };
            canvas.DrawRect(SKRect.Create(faceX, 50, 100, 100), paint);
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        var analysis = new SkinAnalysis
        {
            Mode = AnalysisMode.Face,
            Quality = new QualityReport(true, 80, []),
            Image = new ImageInfo("png", 200, 200, 1),
            Regions = [new SkinRegion("face", faceX, 50, 100, 100)],
        };
        return new ComparisonPhoto(data.ToArray(), analysis, new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero));
    }
}
