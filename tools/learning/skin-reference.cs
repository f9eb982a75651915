#:project ../../src/Skinsight.Learning/Skinsight.Learning.csproj

// Fits the two feature references of the condition classifier's model folder: skin photos, which the close-up
// analysis uses to reject photos that are not skin, and dermoscopy close-ups, outside which the lesion screen is
// not run. Run from the repository root with: nice -n 10 dotnet run -c Release tools/learning/skin-reference.cs --
//   list DATA_ROOT NEGATIVES_DIR OUT_LIST     sample photos (seeded) into a list of "source<TAB>path" lines
//   features LIST OUT_FEATURES [MODEL_DIR]     ResNet-18 features as MODEL_DIR's classifier computes them (default:
//                                              the ImageNet ResNet-18 at 224 px, as the frozen-feature model does)
//   fit FEATURES MODEL_DIR                     fit on even rows, set thresholds on odd rows, report, save
//   fit-discriminant FEATURES MODEL_DIR [VAL_FEATURES METADATA]
//                                              fit dermoscopy against face photos (ACNE04, UTKFace) on even rows and
//                                              report held-out rows beside MODEL_DIR's dermoscopy reference; saves nothing
// DATA_ROOT holds images/ham10000-dermamnist, images/acne04-roboflow and images/utkface-crop-part1. Photos in
// NEGATIVES_DIR (no skin) are only scored, never fitted.
using System.Globalization;
using Skinsight.Learning.Backbone;
using Skinsight.Learning.Condition;
using Skinsight.Learning.Data;
using Skinsight.Learning.Features;

const double Shrinkage = 0.3;
const double Margin = 1.2;
const double Quantile = 0.995;
string[] skinSources = ["derm", "acne", "utk"];

switch (args.ElementAtOrDefault(0))
{
    case "list":
    {
        var random = new Random(20261205);
        var lines = new List<string>();
        string ham = Path.Combine(args[1], "images/ham10000-dermamnist");
        var train = File.ReadLines(Path.Combine(ham, "metadata.csv")).Skip(1).Select(l => l.Split(','))
            .Where(c => c[4] == "train").Select(c => Path.Combine(ham, c[9])).ToList();
        Add("derm", train, 1000);
        string acne = Path.Combine(args[1], "images/acne04-roboflow");
        Add("acne", File.ReadLines(Path.Combine(acne, "labels.csv")).Skip(1).Select(l => Path.Combine(acne, l.Split(',')[0])).ToList(), 400);
        string utk = Path.Combine(args[1], "images/utkface-crop-part1/images");
        Add("utk", Directory.EnumerateFiles(utk, "*.jpg").Order().ToList(), 400);
        Add("neg", Directory.EnumerateFiles(args[2]).Where(f => f.EndsWith(".jpg") || f.EndsWith(".png")).Order().ToList(), int.MaxValue);
        File.WriteAllLines(args[3], lines);
        Console.WriteLine($"{lines.Count} photos listed in {args[3]}");

        void Add(string source, List<string> paths, int count)
        {
            foreach (string path in paths.OrderBy(_ => random.Next()).Take(count))
            {
                lines.Add($"{source}\t{path}");
            }
        }

        return 0;
    }

    case "features":
    {
        var rows = File.ReadAllLines(args[1]).Select(l => l.Split('\t')).ToArray();
        var images = rows.Select(r => new LabeledImage($"{r[0]}|{r[1]}", r[1], 0, r[0])).ToList();
        // With a model folder, the features come from that classifier's backbone at its input size. Without one, they
        // come from the ImageNet ResNet-18 at 224 px, which is what the shipped references use.
        (ResNet18Backbone backbone, int size, IDisposable owner) = args.Length > 3
            ? FromModel(args[3])
            : FromImageNet();
        using var disposeOwner = owner;
        var progress = new Progress<ExtractionProgress>(p =>
        {
            if (p.Done % 128 == 0 || p.Done == p.Total)
            {
                Console.WriteLine(Invariant($"{p.Done}/{p.Total} photos, {p.ImagesPerSecond:F1} per second"));
            }
        });
        FeatureExtractor.Extract(backbone, images, size, batchSize: 16, progress: progress).Save(args[2]);
        return 0;
    }

    case "fit":
    {
        var set = FeatureSet.Load(args[1]);
        var rows = Enumerable.Range(0, set.Count)
            .Select(i => (Source: set.ImageIds[i].Split('|')[0], Path: set.ImageIds[i].Split('|')[1], Features: set.Features[i]))
            .ToList();
        var seen = new Dictionary<string, int>();
        var split = rows.Select(r => (Row: r, Fit: (seen[r.Source] = seen.GetValueOrDefault(r.Source) + 1) % 2 == 0)).ToList();

        FeatureReference skin = FitReference("skin", skinSources);
        FeatureReference dermoscopy = FitReference("dermoscopy", ["derm"]);
        Directory.CreateDirectory(args[2]);
        skin.Save(Path.Combine(args[2], ConditionClassifier.SkinReferenceFileName));
        dermoscopy.Save(Path.Combine(args[2], ConditionClassifier.DermoscopyReferenceFileName));
        return 0;

        FeatureReference FitReference(string name, string[] sources)
        {
            var fitted = split.Where(s => s.Fit && sources.Contains(s.Row.Source)).Select(s => s.Row.Features).ToList();
            var reference = FeatureReference.Fit(fitted, Shrinkage, double.PositiveInfinity);
            var checkDistances = split.Where(s => !s.Fit && sources.Contains(s.Row.Source))
                .Select(s => reference.Distance(s.Row.Features)).Order().ToArray();
            double quantile = checkDistances[(int)Math.Min(checkDistances.Length - 1, Math.Floor(Quantile * checkDistances.Length))];
            double threshold = Margin * quantile;
            Console.WriteLine(Invariant(
                $"{name}: fitted on {fitted.Count} photos; {Quantile:P1} of {checkDistances.Length} held-out photos within {quantile:F0}; threshold {threshold:F0}"));
            // UTKFace names its files age_gender_race_date, race 0-4: White, Black, Asian, Indian, Others.
            string[] races = ["White", "Black", "Asian", "Indian", "Others"];
            var utkByRace = split.Where(s => !s.Fit && s.Row.Source == "utk")
                .GroupBy(s => Path.GetFileName(s.Row.Path).Split('_') is { Length: > 2 } parts
                    && int.TryParse(parts[2], out int race) && race is >= 0 and < 5 ? races[race] : "unknown");
            foreach (var group in utkByRace.OrderBy(g => g.Key))
            {
                int outside = group.Count(s => reference.Distance(s.Row.Features) > threshold);
                Console.WriteLine(Invariant($"  utk {group.Key}: {outside} of {group.Count()} outside"));
            }

            foreach (var group in split.Where(s => !s.Fit || !sources.Contains(s.Row.Source)).GroupBy(s => s.Row.Source))
            {
                var outside = group.Where(s => reference.Distance(s.Row.Features) > threshold).ToList();
                string inside = group.Key == "neg"
                    ? "; inside: " + string.Join(", ", group.Except(outside).Select(s => Path.GetFileName(s.Row.Path)))
                    : "";
                Console.WriteLine(Invariant($"  {group.Key}: {outside.Count} of {group.Count()} outside{inside}"));
            }

            return reference.WithThreshold(threshold);
        }
    }

    case "fit-discriminant":
    {
        // Tried as a gate of the lesion screen and not used there (docs/analysis.md, "Is it skin?"): a linear
        // discriminant of dermoscopy against face photos, scored on held-out rows and, with VAL_FEATURES and METADATA,
        // on every val image by diagnosis. tools/learning/face-discriminant.cs fits the one the analysis now uses to
        // give dermoscopy-like acne close-ups their acne count.
        var set = FeatureSet.Load(args[1]);
        var seen = new Dictionary<string, int>();
        var rows = Enumerable.Range(0, set.Count)
            .Select(i => (Source: set.ImageIds[i].Split('|')[0], Path: set.ImageIds[i].Split('|')[1], Features: set.Features[i]))
            .Select(r => (r.Source, r.Path, r.Features, Fit: (seen[r.Source] = seen.GetValueOrDefault(r.Source) + 1) % 2 == 0))
            .ToList();
        string[] faces = ["acne", "utk"];
        var discriminant = FeatureDiscriminant.Fit(
            [.. rows.Where(r => r.Fit && r.Source == "derm").Select(r => r.Features)],
            [.. rows.Where(r => r.Fit && faces.Contains(r.Source)).Select(r => r.Features)],
            Shrinkage,
            threshold: 0);
        Func<float[], double> score = features => discriminant.Score(features);

        // Two thresholds: 0, halfway between the class means, and one that keeps 99.5% of the held-out dermoscopy
        // images, widened by a fifth of the distance from that quantile to their median.
        double[] heldOut = [.. rows.Where(r => !r.Fit && r.Source == "derm").Select(r => score(r.Features)).Order()];
        double low = heldOut[(int)Math.Floor((1 - Quantile) * heldOut.Length)];
        double median = heldOut[heldOut.Length / 2];
        double[] thresholds = [0, low - ((Margin - 1) * (median - low))];
        Console.WriteLine(Invariant($"held-out dermoscopy: median {median:F1}, {1 - Quantile:P1} quantile {low:F1}; thresholds {thresholds[0]:F1} and {thresholds[1]:F1}"));

        var reference = FeatureReference.Load(Path.Combine(args[2], ConditionClassifier.DermoscopyReferenceFileName));
        foreach (var group in rows.Where(r => !r.Fit || r.Source == "neg").GroupBy(r => r.Source))
        {
            double[] scores = [.. group.Select(r => score(r.Features))];
            Console.WriteLine(Invariant(
                $"  {group.Key}: {group.Count()} held out, max score {scores.Max():F1}, min {scores.Min():F1}; outside the reference {group.Count(r => !reference.Contains(r.Features))}; below each threshold {string.Join(" / ", thresholds.Select(t => scores.Count(s => s < t)))}"));
        }

        if (args.Length > 4)
        {
            var val = FeatureSet.Load(args[3]);
            var diagnosis = File.ReadLines(args[4]).Skip(1).Select(l => l.Split(','))
                .ToDictionary(c => Path.GetFileName(c[9]), c => (Dx: c[2], Site: c[8]));
            var scored = Enumerable.Range(0, val.Count)
                .Select(i => (Info: diagnosis[Path.GetFileName(val.ImageIds[i].Split('|')[1])], Score: score(val.Features[i])))
                .ToList();
            foreach (var group in scored.GroupBy(r => r.Info.Dx).OrderBy(g => g.Key))
            {
                Console.WriteLine(Invariant(
                    $"  val {group.Key}: {group.Count()} images, min score {group.Min(r => r.Score):F1}; below each threshold {string.Join(" / ", thresholds.Select(t => group.Count(r => r.Score < t)))}"));
            }

            foreach (var row in scored.Where(r => r.Score < thresholds[1]))
            {
                Console.WriteLine(Invariant($"    below {thresholds[1]:F1}: {row.Info.Dx} on the {row.Info.Site}, score {row.Score:F1}"));
            }
        }

        return 0;
    }

    default:
        Console.Error.WriteLine("Missing or unknown command; see the header of tools/learning/skin-reference.cs.");
        return 2;
}

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

static (ResNet18Backbone Backbone, int Size, IDisposable Owner) FromImageNet()
{
    ResNet18Backbone backbone = PretrainedResNet18.Create();
    return (backbone, ResNet18Backbone.PretrainedSize, backbone);
}

static (ResNet18Backbone Backbone, int Size, IDisposable Owner) FromModel(string modelDir)
{
    (ConditionModelInfo info, ConditionNetwork network) = ConditionModelFiles.Load(modelDir);
    return (network.Backbone, info.InputSize, network);
}
