using System.Text.Json;
using OpenCvSharp;
using Skinsight.Cli.Infrastructure;

namespace Skinsight.Cli.Tests;

[Collection("cli")]
public class LesionSegmentationCommandTests
{
    [Fact]
    public async Task Evaluate_Classical_PrintsMethodAndScores()
    {
        using var cli = new CliHarness();
        string folder = WriteSpotFolder(cli);

        var result = await cli.RunAsync("evaluate", "lesion-segmentation", "--data", folder, "--method", "classical",
            "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("classical", json.RootElement.GetProperty("method").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("n").GetInt32());
        Assert.InRange(json.RootElement.GetProperty("meanJaccard").GetDouble(), 0.5, 1);
        Assert.InRange(json.RootElement.GetProperty("meanDice").GetDouble(), 0.5, 1);
    }

    [Fact]
    public async Task Evaluate_EmptyModelFolder_ExitsWithOneLine()
    {
        using var cli = new CliHarness();
        string folder = WriteSpotFolder(cli);
        Directory.CreateDirectory(cli.File("no-model"));

        var result = await cli.RunAsync("evaluate", "lesion-segmentation", "--data", folder, "--model",
            cli.File("no-model"));

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("--method classical", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_UnknownMethod_Fails()
    {
        using var cli = new CliHarness();
        string folder = WriteSpotFolder(cli);

        var result = await cli.RunAsync("evaluate", "lesion-segmentation", "--data", folder, "--method", "magic");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("magic", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_ZeroEpochs_ExitsNamingTheOption()
    {
        using var cli = new CliHarness();
        string folder = WriteSpotFolder(cli);

        var result = await cli.RunAsync("train", "lesion-segmentation", "--data", folder, "--out", cli.File("model"),
            "--epochs", "0");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains("--epochs 0", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Writes a folder with one 200x150 skin-coloured image holding a dark ellipse, and its mask.</summary>
    private static string WriteSpotFolder(CliHarness cli)
    {
        string folder = cli.File("ham");
        Directory.CreateDirectory(Path.Combine(folder, "images"));
        Directory.CreateDirectory(Path.Combine(folder, "masks"));
        using var image = new Mat(150, 200, MatType.CV_8UC3, new Scalar(150, 170, 215));
        using var mask = new Mat(150, 200, MatType.CV_8UC1, Scalar.All(0));
        image.Ellipse(new Point(100, 75), new Size(40, 28), 0, 0, 360, new Scalar(70, 90, 120), -1);
        mask.Ellipse(new Point(100, 75), new Size(40, 28), 0, 0, 360, Scalar.All(255), -1);
        Cv2.ImWrite(Path.Combine(folder, "images", "a.png"), image);
        Cv2.ImWrite(Path.Combine(folder, "masks", "a.png"), mask);
        File.WriteAllText(Path.Combine(folder, "metadata.csv"),
            "image_file,mask_file,dermamnist_split\nimages/a.png,masks/a.png,val\n");
        return folder;
    }
}
