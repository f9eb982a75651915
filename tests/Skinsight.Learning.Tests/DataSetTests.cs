using SkiaSharp;
using Skinsight.Learning.Condition;
using Skinsight.Learning.Data;
using Skinsight.Testing;

namespace Skinsight.Learning.Tests;

public class DataSetTests
{
    private const string HamFolder = "images/ham10000-dermamnist";

    [Fact]
    public void Load_SplitGiven_ReturnsOnlyThatSplit()
    {
        using var folder = new TempFolder();
        TestImages.WriteDataSet(folder.Path, [(0, "train"), (4, "val"), (5, "train")]);

        var train = DermaMnistDataSet.Load(folder.Path, "train");

        Assert.Equal([0, 5], train.Select(i => i.Label));
        Assert.All(train, i => Assert.Equal("train", i.Split));
        Assert.True(File.Exists(train[0].ImagePath));
    }

    [Fact]
    public void Load_UnknownSplit_ThrowsDataSetException()
    {
        using var folder = new TempFolder();
        TestImages.WriteDataSet(folder.Path, [(0, "train")]);

        var exception = Assert.Throws<DataSetException>(() => DermaMnistDataSet.Load(folder.Path, "test"));

        Assert.Contains("split 'test'", exception.Message);
        Assert.Contains("'train'", exception.Message);
        Assert.DoesNotContain("use train, val or test", exception.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("val")]
    public void Load_HeaderOnly_SaysNoRows(string? split)
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("metadata.csv"), "image_id,lesion_id,dx,dermamnist_label,dermamnist_split,image_file\n");

        var exception = Assert.Throws<DataSetException>(() => DermaMnistDataSet.Load(folder.Path, split));

        Assert.Contains("has a header but no rows", exception.Message);
        Assert.DoesNotContain("split ''", exception.Message);
    }

    [Fact]
    public void Load_MissingImage_ThrowsDataSetException()
    {
        using var folder = new TempFolder();
        TestImages.WriteDataSet(folder.Path, [(0, "train"), (1, "train")]);
        File.Delete(folder.File("images/ISIC_0000001.jpg"));

        var exception = Assert.Throws<DataSetException>(() => DermaMnistDataSet.Load(folder.Path));

        Assert.Contains("ISIC_0000001.jpg", exception.Message);
    }

    [Fact]
    public void Load_LabelOutOfRange_ThrowsDataSetException()
    {
        using var folder = new TempFolder();
        TestImages.WriteDataSet(folder.Path, [(7, "train")]);

        var exception = Assert.Throws<DataSetException>(() => DermaMnistDataSet.Load(folder.Path));

        Assert.Contains("invalid label '7'", exception.Message);
    }

    [Fact]
    public void Load_ShortRow_ThrowsDataSetException()
    {
        using var folder = new TempFolder();
        TestImages.WriteDataSet(folder.Path, [(0, "val")]);
        File.AppendAllText(folder.File("metadata.csv"), "ISIC_0000009,HAM_0000009,nv,5\n");

        var exception = Assert.Throws<DataSetException>(() => DermaMnistDataSet.Load(folder.Path, "val"));

        Assert.Contains("Line 3 of", exception.Message);
        Assert.Contains("has 4 fields", exception.Message);
    }

    [Fact]
    public void Load_NoMetadata_ThrowsDataSetException()
    {
        using var folder = new TempFolder();

        Assert.Throws<DataSetException>(() => DermaMnistDataSet.Load(folder.Path));
    }

    [Fact]
    public void FromBitmap_SolidColour_ReturnsRgbPlanes()
    {
        using var bitmap = new SKBitmap(8, 6);
        bitmap.Erase(new SKColor(200, 100, 50));

        float[] values = ImageTensorLoader.FromBitmap(bitmap, 4);

        Assert.Equal(3 * 16, values.Length);
        Assert.All(values[..16], v => Assert.Equal(200f, v));
        Assert.All(values[16..32], v => Assert.Equal(100f, v));
        Assert.All(values[32..], v => Assert.Equal(50f, v));
    }

    [Fact]
    public void Load_CorruptImage_ThrowsInvalidImageException()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("broken.jpg"), "not a JPEG");

        var exception = Assert.Throws<InvalidImageException>(() => ImageTensorLoader.Load(folder.File("broken.jpg"), 8));

        Assert.Contains("broken.jpg", exception.Message);
    }

    [SharedDataFact(HamFolder + "/metadata.csv")]
    public void Load_RealValidationSplit_HasEveryClass()
    {
        var validation = DermaMnistDataSet.Load(SharedData.PathOf(HamFolder), "val");

        Assert.Equal(
            Enumerable.Range(0, ConditionClasses.Count),
            validation.Select(i => i.Label).Distinct().Order());
    }
}
