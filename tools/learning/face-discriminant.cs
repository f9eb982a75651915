#:project ../../src/Skinsight.Learning/Skinsight.Learning.csproj

// Fits the face-photo discriminant of the condition classifier's model folder. It is Fisher's linear discriminant of
// dermoscopy close-ups (HAM10000 train images) against face photos (ACNE04 photos of the acne models' train split and
// UTKFace crops). It works on the ImageNet ResNet-18 features at 224 px that the feature references use. The analysis
// gives a dermoscopy-like close-up that scores below 0, halfway between the two means, an acne lesion count as well.
// Run from the repository root with:
//   nice -n 10 dotnet run -c Release tools/learning/face-discriminant.cs -- DATA_ROOT MODEL_DIR
// DATA_ROOT holds images/ham10000-dermamnist, images/acne04-roboflow and images/utkface-crop-part1. The fit uses every
// other photo of a seeded sample of each kind, reports the others and every HAM10000 val image by diagnosis, and
// writes MODEL_DIR/face-discriminant.bin.
using System.Globalization;
using Skinsight.Learning.Acne;
using Skinsight.Learning.Backbone;
using Skinsight.Learning.Condition;
using Skinsight.Learning.Data;
using Skinsight.Learning.Features;

const double Shrinkage = 0.3;
if (args is not [string root, string modelDir])
{
    Console.Error.WriteLine("Usage: face-discriminant.cs DATA_ROOT MODEL_DIR");
    return 2;
}

var random = new Random(20261206);
string ham = Path.Combine(root, "images/ham10000-dermamnist");
string[][] metadata = [.. File.ReadLines(Path.Combine(ham, "metadata.csv")).Skip(1).Select(l => l.Split(','))];
List<(string Source, string Path)> photos =
[
    .. Sample("derm", [.. metadata.Where(c => c[4] == "train").Select(c => Path.Combine(ham, c[9]))], 1000),
    .. Sample("acne", [.. AcneDataSet.Read(Path.Combine(root, "images/acne04-roboflow"), AcneSplit.Train).Select(p => p.ImagePath)], 400),
    .. Sample("utk", [.. Directory.EnumerateFiles(Path.Combine(root, "images/utkface-crop-part1/images"), "*.jpg").Order()], 400),
];
string[][] validation = [.. metadata.Where(c => c[4] == "val")];

using ResNet18Backbone backbone = PretrainedResNet18.Create();
FeatureSet Features(IEnumerable<string> paths) => FeatureExtractor.Extract(
    backbone, [.. paths.Select(p => new LabeledImage(p, p, 0, "none"))], ResNet18Backbone.PretrainedSize, batchSize: 16);
FeatureSet sampled = Features(photos.Select(p => p.Path));
FeatureSet validationFeatures = Features(validation.Select(c => Path.Combine(ham, c[9])));

// Every other photo of each kind is fitted and the rest are held out.
var seen = new Dictionary<string, int>();
var rows = photos.Select((p, i) => (p.Source, Features: sampled.Features[i], Fit: (seen[p.Source] = seen.GetValueOrDefault(p.Source) + 1) % 2 == 0)).ToList();
var discriminant = FeatureDiscriminant.Fit(
    [.. rows.Where(r => r.Fit && r.Source == "derm").Select(r => r.Features)],
    [.. rows.Where(r => r.Fit && r.Source != "derm").Select(r => r.Features)],
    Shrinkage,
    threshold: 0);
foreach (var group in rows.Where(r => !r.Fit).GroupBy(r => r.Source))
{
    double[] scores = [.. group.Select(r => discriminant.Score(r.Features))];
    Console.WriteLine(Invariant($"held-out {group.Key}: {scores.Length}, scores {scores.Min():F1} to {scores.Max():F1}, below 0: {scores.Count(s => s < 0)}"));
}

var byDiagnosis = validation.Select((c, i) => (Dx: c[2], Site: c[8], Score: discriminant.Score(validationFeatures.Features[i])));
foreach (var group in byDiagnosis.GroupBy(r => r.Dx).OrderBy(g => g.Key))
{
    Console.WriteLine(Invariant($"val {group.Key}: {group.Count()} images, lowest score {group.Min(r => r.Score):F1}, below 0: {group.Count(r => r.Score < 0)}"));
}

string output = Path.Combine(modelDir, ConditionClassifier.FaceDiscriminantFileName);
discriminant.Save(output);
Console.WriteLine($"Wrote {output}.");
return 0;

List<(string Source, string Path)> Sample(string source, List<string> paths, int count) =>
    [.. paths.OrderBy(_ => random.Next()).Take(count).Select(p => (source, p))];

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
