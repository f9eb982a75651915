#:project ../../src/Skinsight.Learning/Skinsight.Learning.csproj

// Fine-tunes one ResNet-18 on ACNE04 to predict the lesion count as a distribution over 66 bins and the grade, and
// scores the grade read from either head and from both (docs/learning.md, "Grade and count learned together").
// Arguments: DATA EPOCHS INPUT_SIZE SIGMA COUNT_WEIGHT OUT_FOLDER.
using System.Globalization;
using Skinsight.Learning.Acne;
using Skinsight.Learning.Backbone;
using Skinsight.Learning.Condition;
using Skinsight.Learning.Data;
using Skinsight.Learning.Features;
using TorchSharp.Modules;
using static TorchSharp.torch;

const int Bins = 66;
const int Grades = 4;
const int BatchSize = 16;
string data = args[0];
int epochs = int.Parse(args[1], CultureInfo.InvariantCulture);
int size = int.Parse(args[2], CultureInfo.InvariantCulture);
double sigma = double.Parse(args[3], CultureInfo.InvariantCulture);
double countWeight = double.Parse(args[4], CultureInfo.InvariantCulture);
string outDir = args[5];
Directory.CreateDirectory(outDir);

var all = AcneLesionDataSet.Read(data);
var grade = all.ToDictionary(p => p.Photo.ImagePath, p => p.Photo.Grade);
var count = all.ToDictionary(p => p.Photo.ImagePath, p => p.Lesions.Count);
List<LabeledImage> Rows(string split) => all.Where(p => p.Photo.Split == split)
    .Select(p => new LabeledImage(p.Photo.ImageFile, p.Photo.ImagePath, Math.Min(p.Lesions.Count, Bins - 1), split)).ToList();
List<LabeledImage> train = Rows(AcneSplit.Train), validation = Rows(AcneSplit.Validation), test = Rows(AcneSplit.Test);
Console.WriteLine($"train {train.Count}, val {validation.Count}, test {test.Count}, {size} px, {epochs} epochs, sigma {sigma}, count weight {countWeight}");

random.manual_seed(1);
var shuffle = new Random(1);
ResNet18Backbone backbone = PretrainedResNet18.Create();
var head = new ClassifierHead(ResNet18Backbone.FeatureCount, Bins + Grades);
FeatureSet sample = FeatureExtractor.Extract(backbone, train.OrderBy(_ => shuffle.Next()).Take(128).ToList(), size, 16);
(float[] mean, float[] scale) = FeatureStatistics.Standardization(sample.Features);
head.SetStandardization(mean, scale);
using var network = new ConditionNetwork(backbone, head);
int[] trainGrades = train.Select(t => grade[t.ImagePath]).ToArray();
using var gradeWeights = tensor(ClassWeights.FromLabels(trainGrades, Grades, 0.5));
using var backboneOptimizer = optim.AdamW(network.Backbone.parameters(), 1e-4, weight_decay: 1e-4);
using var headOptimizer = optim.AdamW(network.Head.parameters(), 1e-3, weight_decay: 1e-4);

// Band of each bin by the Hayashi criterion.
int[] band = Enumerable.Range(0, Bins).Select(c => Skinsight.Vision.Acne.AcneGrader.HayashiCutPoints.Count(cut => c >= cut)).ToArray();
float[] Soft(int c)
{
    var p = Enumerable.Range(0, Bins).Select(k => Math.Exp(-((k - c) * (k - c)) / (2 * sigma * sigma))).ToArray();
    double s = p.Sum();
    return p.Select(v => (float)(v / s)).ToArray();
}

double bestValidation = -1;
Dictionary<string, Tensor>? best = null;
var clock = System.Diagnostics.Stopwatch.StartNew();
for (int epoch = 1; epoch <= epochs; epoch++)
{
    double decay = 0.5 * (1 + Math.Cos(Math.PI * (epoch - 1) / epochs));
    SetRate(backboneOptimizer, 1e-4 * decay);
    SetRate(headOptimizer, 1e-3 * decay);
    network.train();
    LabeledImage[] order = train.OrderBy(_ => shuffle.Next()).ToArray();
    double lossSum = 0;
    int batches = 0;
    for (int start = 0; start < order.Length; start += BatchSize)
    {
        using var scope = NewDisposeScope();
        int n = Math.Min(BatchSize, order.Length - start);
        var rows = order.Skip(start).Take(n).ToArray();
        Tensor input = Augmentation.Apply(ImageBatch.Load(order, start, n, size), 10, 0.1);
        Tensor soft = tensor(rows.SelectMany(r => Soft(r.Label)).ToArray()).reshape(n, Bins);
        Tensor gradeTarget = tensor(rows.Select(r => (long)grade[r.ImagePath]).ToArray());
        backboneOptimizer.zero_grad();
        headOptimizer.zero_grad();
        Tensor logits = network.forward(input);
        Tensor countLogits = logits.narrow(1, 0, Bins);
        Tensor gradeLogits = logits.narrow(1, Bins, Grades);
        Tensor countLoss = -(soft * nn.functional.log_softmax(countLogits, 1)).sum(1).mean();
        Tensor gradeLoss = nn.functional.cross_entropy(gradeLogits, gradeTarget, gradeWeights);
        Tensor loss = countWeight * countLoss + gradeLoss;
        loss.backward();
        backboneOptimizer.step();
        headOptimizer.step();
        lossSum += loss.item<float>();
        batches++;
    }

    var v = Predict(validation);
    double accDirect = Acc(validation, v, 0), accCount = Acc(validation, v, 1), accMix = Acc(validation, v, 2);
    double mae = validation.Select((r, i) => Math.Abs(Median(v[i].Count) - count[r.ImagePath])).Average();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"epoch {epoch}: loss {lossSum / batches:F4}, val direct {accDirect:F4} count {accCount:F4} mix {accMix:F4} countMae {mae:F3}, {clock.Elapsed.TotalMinutes:F1} min"));
    if (accMix >= bestValidation)
    {
        bestValidation = accMix;
        foreach (Tensor t in best?.Values ?? Enumerable.Empty<Tensor>())
        {
            t.Dispose();
        }

        best = network.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());
    }
}

network.load_state_dict(best!);
foreach (var (name, rows) in new[] { ("val", validation), ("test", test) })
{
    var p = Predict(rows);
    using var w = new StreamWriter(Path.Combine(outDir, $"{name}.tsv"));
    w.WriteLine("image_file\tgrade\tcount\td0\td1\td2\td3\tc0\tc1\tc2\tc3\tmedian\tmean");
    for (int i = 0; i < rows.Count; i++)
    {
        var bp = BandProbs(p[i].Count);
        w.WriteLine(string.Join('\t', new[] { rows[i].ImageId, grade[rows[i].ImagePath].ToString(), count[rows[i].ImagePath].ToString() }
            .Concat(p[i].Grade.Select(x => x.ToString("R", CultureInfo.InvariantCulture)))
            .Concat(bp.Select(x => x.ToString("R", CultureInfo.InvariantCulture)))
            .Append(Median(p[i].Count).ToString(CultureInfo.InvariantCulture))
            .Append(p[i].Count.Select((x, k) => x * k).Sum().ToString("F3", CultureInfo.InvariantCulture))));
    }

    double mae = rows.Select((r, i) => Math.Abs(Median(p[i].Count) - count[r.ImagePath])).Average();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name}: direct {Acc(rows, p, 0):F4} count {Acc(rows, p, 1):F4} mix {Acc(rows, p, 2):F4} countMae {mae:F3} (n = {rows.Count})"));
}

return 0;

double[] BandProbs(float[] c)
{
    var b = new double[Grades];
    for (int k = 0; k < Bins; k++)
    {
        b[band[k]] += c[k];
    }

    return b;
}

int Median(float[] c)
{
    double s = 0;
    for (int k = 0; k < Bins; k++)
    {
        s += c[k];
        if (s >= 0.5)
        {
            return k;
        }
    }

    return Bins - 1;
}

double Acc(IReadOnlyList<LabeledImage> rows, List<(float[] Count, float[] Grade)> p, int mode)
{
    int correct = 0;
    for (int i = 0; i < rows.Count; i++)
    {
        double[] bp = BandProbs(p[i].Count);
        double[] g = mode switch
        {
            0 => p[i].Grade.Select(x => (double)x).ToArray(),
            1 => bp,
            _ => bp.Select((x, k) => 0.5 * (x + p[i].Grade[k])).ToArray(),
        };
        correct += Array.IndexOf(g, g.Max()) == grade[rows[i].ImagePath] ? 1 : 0;
    }

    return (double)correct / rows.Count;
}

// Softmax of each part, averaged over the photo and its three flips.
List<(float[] Count, float[] Grade)> Predict(IReadOnlyList<LabeledImage> images)
{
    network.eval();
    var result = new List<(float[], float[])>();
    for (int start = 0; start < images.Count; start += BatchSize)
    {
        using var scope = NewDisposeScope();
        using var disabled = no_grad();
        int n = Math.Min(BatchSize, images.Count - start);
        Tensor x = ImageBatch.Load(images, start, n, size);
        Tensor c = zeros(n, Bins);
        Tensor g = zeros(n, Grades);
        foreach (Tensor view in new[] { x, x.flip(3), x.flip(2), x.flip(2, 3) })
        {
            Tensor logits = network.forward(view);
            c += nn.functional.softmax(logits.narrow(1, 0, Bins), 1);
            g += nn.functional.softmax(logits.narrow(1, Bins, Grades), 1);
        }

        float[] cd = (c / 4).data<float>().ToArray();
        float[] gd = (g / 4).data<float>().ToArray();
        for (int i = 0; i < n; i++)
        {
            result.Add((cd.Skip(i * Bins).Take(Bins).ToArray(), gd.Skip(i * Grades).Take(Grades).ToArray()));
        }
    }

    return result;
}

static void SetRate(OptimizerHelper optimizer, double rate)
{
    foreach (var group in optimizer.ParamGroups)
    {
        group.LearningRate = rate;
    }
}
