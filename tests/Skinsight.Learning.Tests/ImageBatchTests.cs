using Skinsight.Learning.Age;
using Skinsight.Learning.Data;
using Skinsight.Learning.Generative;
using Skinsight.Testing;
using SkiaSharp;

namespace Skinsight.Learning.Tests;

[Collection(TorchCollection.Name)]
public class ImageBatchTests
{
    [Fact]
    public void Load_UndecodableImage_ThrowsImageErrorNamingIt()
    {
        using var folder = new TempFolder();
        string good = folder.File("good.jpg");
        string broken = folder.File("broken.jpg");
        TestImages.WriteSolid(good, 16, 16, new SKColor(200, 120, 90));
        File.WriteAllText(broken, "not an image");
        LabeledImage[] images = [new("good", good, 0, "val"), new("broken", broken, 1, "val")];

        var error = Assert.Throws<InvalidImageException>(() => ImageBatch.Load(images, 0, images.Length, 32));

        Assert.Contains(broken, error.Message);
    }

    [Fact]
    public void AgeLoad_UndecodableImage_ThrowsImageError()
    {
        using var folder = new TempFolder();
        string good = folder.File("good.jpg");
        string broken = folder.File("broken.jpg");
        TestImages.WriteSolid(good, 16, 16, new SKColor(200, 120, 90));
        File.WriteAllText(broken, "not an image");
        AgeSample[] samples = [new("good.jpg", good, 30, null, null, "test"), new("broken.jpg", broken, 40, null, null, "test")];

        var error = Assert.Throws<InvalidImageException>(() => AgeImages.Load(samples, 36));

        Assert.Contains(broken, error.Message);
    }

    [Fact]
    public void PatchLoad_UndecodableImage_ThrowsImageError()
    {
        using var folder = new TempFolder();
        string good = folder.File("good.jpg");
        string broken = folder.File("broken.jpg");
        TestImages.WriteSolid(good, 16, 16, new SKColor(200, 120, 90));
        File.WriteAllText(broken, "not an image");
        LabeledImage[] images = [new("good", good, 0, "train"), new("broken", broken, 1, "train")];

        var error = Assert.Throws<InvalidImageException>(() => PatchLoader.Load(images, 16));

        Assert.Contains(broken, error.Message);
    }

    [Fact]
    public void Load_OversizedImage_ThrowsNamingFile()
    {
        using var folder = new TempFolder();
        string huge = WriteOversizedPng(folder, "huge.jpg");
        LabeledImage[] images = [new("huge", huge, 0, "val")];

        var error = Assert.Throws<InvalidImageException>(() => ImageBatch.Load(images, 0, images.Length, 32));

        Assert.Contains(huge, error.Message);
        Assert.Contains("30000x30000", error.Message);
    }

    [Fact]
    public void AgeLoad_OversizedImage_ThrowsNamingFile()
    {
        using var folder = new TempFolder();
        string huge = WriteOversizedPng(folder, "huge.jpg");
        AgeSample[] samples = [new("huge.jpg", huge, 30, null, null, "test")];

        var error = Assert.Throws<InvalidImageException>(() => AgeImages.Load(samples, 36));

        Assert.Contains(huge, error.Message);
    }

    [Fact]
    public void PatchLoad_OversizedImage_ThrowsNamingFile()
    {
        using var folder = new TempFolder();
        string huge = WriteOversizedPng(folder, "huge.jpg");
        LabeledImage[] images = [new("huge", huge, 1, "train")];

        var error = Assert.Throws<InvalidImageException>(() => PatchLoader.Load(images, 16));

        Assert.Contains(huge, error.Message);
    }

    /// <summary>Writes a PNG header that claims 30000x30000 pixels, which Skia cannot allocate in one bitmap.</summary>
    private static string WriteOversizedPng(TempFolder folder, string name)
    {
        string path = folder.File(name);
        File.WriteAllBytes(path, Skinsight.Testing.TestImages.PngWithoutRows(30_000, 30_000));
        return path;
    }
}
