using Skinsight.Learning.Condition;
using Skinsight.Learning.Data;
using Skinsight.Testing;

namespace Skinsight.Learning.Tests;

public sealed class LesionDisjointTests
{
    [Fact]
    public void TrainingLesionIds_TrainRows_ReturnsTheirLesions()
    {
        using var folder = new TempFolder();
        File.WriteAllLines(folder.File("metadata.csv"),
        [
            "image_id,lesion_id,dermamnist_label,dermamnist_split,image_file",
            "a,HAM_1,0,train,images/a.jpg",
            "b,HAM_1,0,val,images/b.jpg",
            "c,HAM_2,5,train,images/c.jpg",
            "d,HAM_3,5,val,images/d.jpg",
        ]);

        var lesions = DermaMnistDataSet.TrainingLesionIds(folder.Path);

        Assert.NotNull(lesions);
        Assert.Equal(["HAM_1", "HAM_2"], lesions.Order());
    }

    [Fact]
    public void TrainingLesionIds_NoLesionColumn_ReturnsNull()
    {
        using var folder = new TempFolder();
        File.WriteAllLines(folder.File("metadata.csv"),
            ["image_id,dermamnist_label,dermamnist_split,image_file", "a,0,train,images/a.jpg"]);

        Assert.Null(DermaMnistDataSet.TrainingLesionIds(folder.Path));
    }

    [Fact]
    public void TrainingLesionIds_NoTrainRows_ReturnsNull()
    {
        using var folder = new TempFolder();
        File.WriteAllLines(folder.File("metadata.csv"),
            ["image_id,lesion_id,dermamnist_label,dermamnist_split,image_file", "a,HAM_1,0,test,images/a.jpg"]);

        Assert.Null(DermaMnistDataSet.TrainingLesionIds(folder.Path));
    }

    [Fact]
    public void LesionDisjointMetrics_SeenLesion_IsLeftOut()
    {
        // Three val images: the first shows a lesion seen in training and is classified wrongly; the other two
        // show unseen lesions and are right. Only the two unseen ones count, so accuracy is 1.
        LabeledImage[] images =
        [
            new("a", "a.jpg", 0, "val", "HAM_1"),
            new("b", "b.jpg", 5, "val", "HAM_2"),
            new("c", "c.jpg", 0, "val", "HAM_3"),
        ];
        int[] labels = [0, 5, 0];
        float[][] probabilities =
        [
            [0.1f, 0, 0, 0, 0, 0.9f, 0],
            [0.2f, 0, 0, 0, 0, 0.8f, 0],
            [0.7f, 0, 0, 0, 0, 0.3f, 0],
        ];

        var metrics = ConditionTraining.LesionDisjointMetrics(
            images, labels, probabilities, new HashSet<string> { "HAM_1" });

        Assert.NotNull(metrics);
        Assert.Equal(2, metrics.SampleCount);
        Assert.Equal(1.0, metrics.Accuracy, 12);
    }

    [Fact]
    public void LesionDisjointMetrics_UnknownLesions_ReturnsNull()
    {
        LabeledImage[] images = [new("a", "a.jpg", 0, "val")];

        Assert.Null(ConditionTraining.LesionDisjointMetrics(images, [0], [[1f, 0, 0, 0, 0, 0, 0]], null));
    }

    [Fact]
    public void LesionDisjointMetrics_AlsoInSharedFlag_Decides()
    {
        // The held-out copy's flag wins over the lesion lookup: b's lesion is not in the training set but is flagged
        // as also in the shared rows, so only c counts.
        LabeledImage[] images =
        [
            new("b", "b.jpg", 5, "test", "HAM_2", LesionAlsoInShared: true),
            new("c", "c.jpg", 0, "test", "HAM_3", LesionAlsoInShared: false),
        ];
        float[][] probabilities = [[0, 0, 0, 0, 0, 1f, 0], [0, 1f, 0, 0, 0, 0, 0]];

        var metrics = ConditionTraining.LesionDisjointMetrics(images, [5, 0], probabilities, new HashSet<string>());

        Assert.NotNull(metrics);
        Assert.Equal(1, metrics.SampleCount);
        Assert.Equal(0.0, metrics.Accuracy, 12);
    }

    [Fact]
    public void Load_AlsoInSharedColumn_ReadsFlag()
    {
        using var folder = new TempFolder();
        TestImages.WriteSolid(folder.File("images/a.jpg"), 20, 15, SkiaSharp.SKColors.Brown);
        TestImages.WriteSolid(folder.File("images/b.jpg"), 20, 15, SkiaSharp.SKColors.Brown);
        File.WriteAllLines(folder.File("metadata.csv"),
        [
            "image_id,lesion_id,dermamnist_label,dermamnist_split,image_file,lesion_also_in_shared",
            "a,HAM_1,0,test,images/a.jpg,True",
            "b,HAM_2,5,test,images/b.jpg,False",
        ]);

        var images = DermaMnistDataSet.Load(folder.Path, "test");

        Assert.Equal([true, false], images.Select(i => i.LesionAlsoInShared));
        Assert.Equal(["HAM_1", "HAM_2"], images.Select(i => i.LesionId));
    }
}
