#:project ../../src/Skinsight.Learning/Skinsight.Learning.csproj

// Writes the labelled and the counted lesions (calibrated) of every photo of one split, with and without the mirror
// average, to SPLIT-counts.tsv, and prints the count error, grade accuracy and time per photo of each. Run from the
// repository root with:
//   OMP_NUM_THREADS=2 nice -n 5 dotnet run -c Release tools/learning/acne-detector.cs -- DATA SPLIT MODEL_DIR
// With "recalibrate" for SPLIT it fits the count calibration of a model trained before the calibration existed.
using System.Diagnostics;
using System.Globalization;
using Skinsight.Learning.Acne;
using Skinsight.Learning.Data;
using Skinsight.Learning.Training;

string data = args[0];
string split = args[1];
if (split == "recalibrate")
{
    // Fits the count calibration of a model trained before it existed, as training now ends: DATA recalibrate MODEL_DIR
    AcneGraderInfo updated = AcneGraderTraining.Recalibrate(data, args[2]);
    Console.WriteLine($"{updated.LesionCounting!.Calibration}; val {updated.Validation.SeverityAccuracy}, MAE "
        + $"{updated.LesionCounting.ValidationCountMae}; test {updated.Test.SeverityAccuracy}, MAE {updated.LesionCounting.TestCountMae}");
    return;
}

AcneGraderInfo info = AcneGraderModel.ReadInfo(args[2]);
var network = new AcneLesionNetwork(new Skinsight.Learning.Backbone.ResNet18Backbone(AcneLesionNetwork.BackboneStages));
HalfPrecisionWeights.Load(network, Path.Combine(args[2], AcneGraderModel.WeightsFileName));
int size = info.LesionCounting!.Options.InputSize;
var photos = AcneLesionDataSet.Read(data, split);
int[] labelled = photos.Select(p => p.Lesions.Count).ToArray();
int[] grades = photos.Select(p => p.Photo.Grade).ToArray();
var columns = new List<List<double>>();
foreach (bool mirror in new[] { false, true })
{
    var clock = Stopwatch.StartNew();
    AcneCountCalibration calibration = info.LesionCounting.Calibration ?? AcneCountCalibration.Identity;
    List<double> counts = [.. AcneLesionTraining.Counts(network, photos.Select(p => ImageTensorLoader.Load(p.Photo.ImagePath, size)), size, mirror)
        .Select(calibration.Apply)];
    (double mae, double accuracy) = AcneLesionTraining.Score(counts, labelled, grades);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{split}, mirror {(mirror ? "on" : "off")}: count MAE {mae:0.000}, grade accuracy {accuracy:0.000}, "
        + $"{clock.Elapsed.TotalMilliseconds / photos.Count:0} ms per photo (decoding included), n {photos.Count}"));
    columns.Add(counts);
}

using var writer = new StreamWriter($"{split}-counts.tsv");
writer.WriteLine("image_file\tgrade\tlabelled\tcount\tcount_mirror");
for (int i = 0; i < photos.Count; i++)
{
    writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{photos[i].Photo.ImageFile}\t{grades[i]}\t{labelled[i]}\t{columns[0][i]:0.00}\t{columns[1][i]:0.00}"));
}
