#:project ../../src/Skinsight.Learning/Skinsight.Learning.csproj

// Scores a fine-tuned acne grader on one split with one pass per photo and with its probabilities averaged over the
// photo and its horizontal, vertical and double flips, which training showed it as augmentation. Run from the
// repository root with:
//   OMP_NUM_THREADS=2 nice -n 5 dotnet run -c Release tools/learning/acne-flip.cs -- DATA SPLIT MODEL_DIR
using System.Diagnostics;
using Skinsight.Learning.Acne;
using Skinsight.Learning.Condition;
using Skinsight.Learning.Data;

string data = args[0];
string split = args[1];
(AcneGraderInfo info, ConditionNetwork network) = AcneGraderModel.LoadFineTuned(args[2]);
List<LabeledImage> images = AcneDataSet.Read(data, split)
    .Select(p => new LabeledImage(p.ImageFile, p.ImagePath, p.Grade, split)).ToList();
int[] labels = images.Select(i => i.Label).ToArray();
using (network)
{
    foreach (bool flips in new[] { false, true })
    {
        var clock = Stopwatch.StartNew();
        float[][] probabilities = ConditionTraining.PredictImages(network, images, info.FineTuning!.InputSize, 16, out _, flips);
        int[] grades = probabilities.Select(p => Array.IndexOf(p, p.Max())).ToArray();
        var metrics = AcneGradeMetrics.From(labels, grades);
        Console.WriteLine(FormattableString.Invariant(
            $"{split}, flips {flips}: accuracy {metrics.SeverityAccuracy:F4}, grade MAE {metrics.MeanAbsoluteGradeError:F3}, n {metrics.N}, {clock.Elapsed.TotalSeconds:F0} s"));
    }
}

return 0;
