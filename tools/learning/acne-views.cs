#:project ../../src/Skinsight.Learning/Skinsight.Learning.csproj

// Scores a fine-tuned acne grader on one split with each named set of views (single, flips and two-scales, see
// ImageViews). With "use", it switches the grader to one set and scores val and test again. Run from the repository
// root with:
//   OMP_NUM_THREADS=2 nice -n 5 dotnet run -c Release tools/learning/acne-views.cs -- score DATA SPLIT MODEL_DIR
//   OMP_NUM_THREADS=2 nice -n 5 dotnet run -c Release tools/learning/acne-views.cs -- use DATA MODEL_DIR NAME
using System.Diagnostics;
using Skinsight.Learning.Acne;
using Skinsight.Learning.Condition;
using Skinsight.Learning.Data;

if (args is ["use", string useData, string useModel, string name])
{
    AcneGraderInfo updated = AcneGraderTraining.UseViews(useData, useModel, name);
    Console.WriteLine(FormattableString.Invariant(
        $"{name}: val accuracy {updated.Validation.SeverityAccuracy:F4} (n {updated.Validation.N}), test accuracy {updated.Test.SeverityAccuracy:F4} (n {updated.Test.N})"));
    return 0;
}

if (args is not ["score", string data, string split, string model])
{
    Console.Error.WriteLine("Usage: acne-views.cs score DATA SPLIT MODEL_DIR | use DATA MODEL_DIR NAME");
    return 2;
}

(AcneGraderInfo info, ConditionNetwork network) = AcneGraderModel.LoadFineTuned(model);
List<LabeledImage> images = AcneDataSet.Read(data, split)
    .Select(p => new LabeledImage(p.ImageFile, p.ImagePath, p.Grade, split)).ToList();
int[] labels = images.Select(i => i.Label).ToArray();
using (network)
{
    foreach (string views in ImageViews.Names)
    {
        var clock = Stopwatch.StartNew();
        float[][] probabilities = ConditionTraining.PredictImages(
            network, images, ImageViews.Parse(views, info.FineTuning!.InputSize), 16, out _);
        int[] grades = probabilities.Select(p => Array.IndexOf(p, p.Max())).ToArray();
        var metrics = AcneGradeMetrics.From(labels, grades);
        Console.WriteLine(FormattableString.Invariant(
            $"{split}, {views}: accuracy {metrics.SeverityAccuracy:F4}, grade MAE {metrics.MeanAbsoluteGradeError:F3}, n {metrics.N}, {clock.Elapsed.TotalSeconds:F0} s"));
    }
}

return 0;
