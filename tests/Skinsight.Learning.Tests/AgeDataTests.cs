using Skinsight.Learning.Age;
using Skinsight.Testing;

namespace Skinsight.Learning.Tests;

public class AgeDataTests
{
    private const string UtkFolder = "images/utkface-crop-part1";

    [Fact]
    public void AgeBand_Boundaries_MatchTenYearBands()
    {
        Assert.Equal("0-9", AgeMetrics.AgeBand(0));
        Assert.Equal("0-9", AgeMetrics.AgeBand(9));
        Assert.Equal("10-19", AgeMetrics.AgeBand(10));
        Assert.Equal("60-69", AgeMetrics.AgeBand(69));
        Assert.Equal("70+", AgeMetrics.AgeBand(70));
        Assert.Equal("70+", AgeMetrics.AgeBand(110));
    }

    [Fact]
    public void Compute_HandWorkedRows_MatchesHandValues()
    {
        AgeSample[] samples =
        [
            Sample(5, gender: 0, race: 0),
            Sample(8, gender: 1, race: 2),
            Sample(25, gender: 1, race: 2),
            Sample(75, gender: null, race: null),
        ];
        double[] predictions = [7, 4, 30, 65];

        AgeMetrics metrics = AgeMetrics.Compute(samples, predictions);

        // Errors are +2, -4, +5 and -10, so the MAE is 21 / 4.
        Assert.Equal(4, metrics.N);
        Assert.Equal(5.25, metrics.Mae, 10);
        Assert.Equal(["0-9", "20-29", "70+"], metrics.ByAgeBand.Select(g => g.Group));
        GroupError children = metrics.ByAgeBand[0];
        Assert.Equal(2, children.N);
        Assert.Equal(3.0, children.Mae, 10);
        Assert.Equal(-1.0, children.MeanError, 10);
        Assert.Equal(["0", "2", "unknown"], metrics.ByRace.Select(g => g.Group));
        Assert.Equal("Asian", metrics.ByRace[1].Name);
        Assert.Equal(4.5, metrics.ByRace[1].Mae, 10);
        Assert.Equal(0.5, metrics.ByRace[1].MeanError, 10);
        Assert.Equal(["0", "1", "unknown"], metrics.ByGender.Select(g => g.Group));
        Assert.Equal("female", metrics.ByGender[1].Name);
        Assert.Equal(4.5, metrics.ByGender[1].Mae, 10);
        Assert.Equal(10.0, metrics.ByGender[2].Mae, 10);
    }

    [Fact]
    public void Compute_CountsDiffer_Throws()
    {
        Assert.Throws<ArgumentException>(() => AgeMetrics.Compute([Sample(5, 0, 0)], [1.0, 2.0]));
    }

    [Fact]
    public void SplitOf_ManyNames_NearEightyTenTen()
    {
        string[] names = Enumerable.Range(0, 20_000).Select(i => $"{i % 90}_0_1_2017{i:D10}.jpg.chip.jpg").ToArray();

        var splits = names.Select(AgeSplit.Of).ToList();

        Assert.Equal(splits, names.Select(n => AgeSplit.Of("images/" + n)));
        Assert.InRange(splits.Count(s => s == AgeSplit.Train) / 20_000.0, 0.78, 0.82);
        Assert.InRange(splits.Count(s => s == AgeSplit.Validation) / 20_000.0, 0.09, 0.11);
        Assert.InRange(splits.Count(s => s == AgeSplit.Test) / 20_000.0, 0.09, 0.11);
    }

    [Fact]
    public void Load_BlankCodesWithSplitColumn_ReadsBoth()
    {
        using var folder = new TempFolder();
        TestImages.WriteSolid(folder.File("images/a.jpg"), 8, 8, SkiaSharp.SKColors.Gray);
        TestImages.WriteSolid(folder.File("images/b.jpg"), 8, 8, SkiaSharp.SKColors.Gray);
        File.WriteAllLines(folder.File("labels.csv"),
            ["image_file,age,gender,race,note,split", "images/a.jpg,31,,,odd name,val", "images/b.jpg,4,1,3,,train"]);

        var validation = AgeDataSet.Load(folder.Path, "val");
        var all = AgeDataSet.Load(folder.Path);

        AgeSample row = Assert.Single(validation);
        Assert.Equal(31, row.Age);
        Assert.Null(row.Gender);
        Assert.Null(row.Race);
        Assert.Equal(2, all.Count);
        Assert.Equal(3, all[1].Race);
    }

    [Fact]
    public void Load_NoSplitColumn_UsesHashSplit()
    {
        using var folder = new TempFolder();
        TestImages.WriteSolid(folder.File("images/a.jpg"), 8, 8, SkiaSharp.SKColors.Gray);
        File.WriteAllLines(folder.File("labels.csv"), ["image_file,age,gender,race", "images/a.jpg,31,0,0"]);

        AgeSample row = Assert.Single(AgeDataSet.Load(folder.Path));

        Assert.Equal(AgeSplit.Of("a.jpg"), row.Split);
    }

    [Theory]
    [InlineData("images/a.jpg,-3,0,0", "invalid age '-3'")]
    [InlineData("images/a.jpg,30,2,0", "invalid gender '2'")]
    [InlineData("images/a.jpg,30,0,5", "invalid race '5'")]
    [InlineData("images/missing.jpg,30,0,0", "missing.jpg")]
    public void Load_BadRow_ThrowsDataSetException(string row, string expected)
    {
        using var folder = new TempFolder();
        TestImages.WriteSolid(folder.File("images/a.jpg"), 8, 8, SkiaSharp.SKColors.Gray);
        File.WriteAllLines(folder.File("labels.csv"), ["image_file,age,gender,race", row]);

        var exception = Assert.Throws<DataSetException>(() => AgeDataSet.Load(folder.Path));

        Assert.Contains(expected, exception.Message);
    }

    [Theory]
    [InlineData(AgeSplit.All)]
    [InlineData(AgeSplit.Test)]
    public void Load_HeaderOnly_SaysNoRows(string split)
    {
        using var folder = new TempFolder();
        File.WriteAllLines(folder.File("labels.csv"), ["image_file,age,gender,race"]);

        var exception = Assert.Throws<DataSetException>(() => AgeDataSet.Load(folder.Path, split));

        Assert.Contains("has a header but no rows", exception.Message);
    }

    [Fact]
    public void Load_NoLabelsFile_ThrowsDataSetException()
    {
        using var folder = new TempFolder();

        var exception = Assert.Throws<DataSetException>(() => AgeDataSet.Load(folder.Path));

        Assert.Contains("labels.csv", exception.Message);
    }

    [SharedDataFact(UtkFolder + "/labels.csv")]
    public void Load_SharedUtkFace_SplitsNearEightyTenTen()
    {
        var all = AgeDataSet.Load(SharedData.PathOf(UtkFolder));

        Assert.True(all.Count > 1000);
        Assert.InRange(all.Count(s => s.Split == AgeSplit.Train) / (double)all.Count, 0.77, 0.83);
        Assert.InRange(all.Count(s => s.Split == AgeSplit.Validation) / (double)all.Count, 0.08, 0.12);
        Assert.InRange(all.Count(s => s.Split == AgeSplit.Test) / (double)all.Count, 0.08, 0.12);
    }

    private static AgeSample Sample(int age, int? gender, int? race) =>
        new($"images/{age}.jpg", $"/nowhere/{age}.jpg", age, gender, race, AgeSplit.Test);
}
