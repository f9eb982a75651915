using Skinsight.Vision.Skin;

namespace Skinsight.Bench.Analysis;

/// <summary>
/// Scores skin classifiers on the UCI Skin Segmentation pixels (B,G,R,label with 1 = skin, 2 = not skin): precision,
/// recall and accuracy of the default rule and of the Chai-Ngan box it widens.
/// </summary>
internal static class SkinCommand
{
    public static int Execute(BenchOptions options)
    {
        string file = Path.Combine(options.Images, "uci-skin-segmentation", "skin_nonskin.csv");
        if (!File.Exists(file))
        {
            Console.Error.WriteLine($"The UCI skin pixels file {file} does not exist: pass --images <folder>.");
            return 1;
        }

        var bgr = new List<byte>();
        var isSkin = new List<bool>();
        foreach (string line in File.ReadLines(file).Skip(1))
        {
            string[] parts = line.Split(',');
            bgr.Add(byte.Parse(parts[0]));
            bgr.Add(byte.Parse(parts[1]));
            bgr.Add(byte.Parse(parts[2]));
            isSkin.Add(parts[3].Trim() == "1");
        }

        var classifiers = new (string Name, ISkinClassifier Classifier)[]
        {
            ("default rule", new RuleSkinClassifier()),
            ("Chai-Ngan box (Cr 133-173, Cb 77-127)", new RuleSkinClassifier { CrMax = 173, CbMax = 127, YMin = 0 }),
        };

        Console.WriteLine($"{isSkin.Count} pixels, {isSkin.Count(s => s)} skin");
        byte[] pixels = bgr.ToArray();
        var likelihood = new byte[isSkin.Count];
        foreach (var (name, classifier) in classifiers)
        {
            classifier.Classify(pixels, likelihood);
            int tp = 0, fp = 0, fn = 0, tn = 0;
            for (int i = 0; i < likelihood.Length; i++)
            {
                bool predicted = likelihood[i] >= 128;
                (tp, fp, fn, tn) = (predicted, isSkin[i]) switch
                {
                    (true, true) => (tp + 1, fp, fn, tn),
                    (true, false) => (tp, fp + 1, fn, tn),
                    (false, true) => (tp, fp, fn + 1, tn),
                    _ => (tp, fp, fn, tn + 1),
                };
            }

            Console.WriteLine(
                $"{name}: precision {(double)tp / (tp + fp):P1}, recall {(double)tp / (tp + fn):P1}, " +
                $"accuracy {(double)(tp + tn) / likelihood.Length:P1}");
        }

        return 0;
    }
}
