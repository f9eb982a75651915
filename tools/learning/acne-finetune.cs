#:project ../../src/Skinsight.Learning/Skinsight.Learning.csproj

// Experiment: fine-tunes the ImageNet ResNet-18 with a 4-grade head on ACNE04 (the acne grader's source-image split)
// and prints val accuracy per epoch and the test accuracy of the best val epoch. Nothing is saved. Run from the
// repository root with:
//   OMP_NUM_THREADS=2 nice -n 5 dotnet run -c Release tools/learning/acne-finetune.cs -- DATA EPOCHS SIZE
using System.Globalization;
using Skinsight.Learning.Acne;
using Skinsight.Learning.Backbone;
using Skinsight.Learning.Condition;
using Skinsight.Learning.Data;
using Skinsight.Learning.Features;
using TorchSharp.Modules;
using static TorchSharp.torch;

const int Grades = 4;
const int BatchSize = 16;
string data = args[0];
int epochs = int.Parse(args[1], CultureInfo.InvariantCulture);
int size = int.Parse(args[2], CultureInfo.InvariantCulture);

List<LabeledImage> Rows(string split) => AcneDataSet.Read(data, split)
    .Select(p => new LabeledImage(p.ImageFile, p.ImagePath, p.Grade, split)).ToList();
List<LabeledImage> train = Rows(AcneSplit.Train), validation = Rows(AcneSplit.Validation), test = Rows(AcneSplit.Test);
Console.WriteLine($"train {train.Count}, val {validation.Count}, test {test.Count}, {size} px, {epochs} epochs");

random.manual_seed(1);
var shuffle = new Random(1);
ResNet18Backbone backbone = PretrainedResNet18.Create();
var head = new ClassifierHead(ResNet18Backbone.FeatureCount, Grades);
FeatureSet sample = FeatureExtractor.Extract(backbone, train.OrderBy(_ => shuffle.Next()).Take(128).ToList(), size, 16);
(float[] mean, float[] scale) = FeatureStatistics.Standardization(sample.Features);
head.SetStandardization(mean, scale);
using var network = new ConditionNetwork(backbone, head);
using var weights = tensor(ClassWeights.FromLabels(train.Select(t => t.Label).ToArray(), Grades, 0.5));
using var backboneOptimizer = optim.AdamW(network.Backbone.parameters(), 1e-4, weight_decay: 1e-4);
using var headOptimizer = optim.AdamW(network.Head.parameters(), 1e-3, weight_decay: 1e-4);

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
        int count = Math.Min(BatchSize, order.Length - start);
        Tensor input = Augmentation.Apply(ImageBatch.Load(order, start, count, size), 10, 0.1);
        Tensor target = tensor(order.Skip(start).Take(count).Select(i => (long)i.Label).ToArray());
        backboneOptimizer.zero_grad();
        headOptimizer.zero_grad();
        Tensor loss = nn.functional.cross_entropy(network.forward(input), target, weights);
        loss.backward();
        backboneOptimizer.step();
        headOptimizer.step();
        lossSum += loss.item<float>();
        batches++;
    }

    double accuracy = Accuracy(validation);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"epoch {epoch}: loss {lossSum / batches:F4}, val accuracy {accuracy:F4}, {clock.Elapsed.TotalMinutes:F1} min"));
    if (accuracy > bestValidation)
    {
        bestValidation = accuracy;
        foreach (Tensor t in best?.Values ?? Enumerable.Empty<Tensor>())
        {
            t.Dispose();
        }

        best = network.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());
    }
}

network.load_state_dict(best!);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"best val accuracy {bestValidation:F4}; its test accuracy {Accuracy(test):F4} (n = {test.Count})"));
return 0;

double Accuracy(IReadOnlyList<LabeledImage> images)
{
    network.eval();
    int correct = 0;
    for (int start = 0; start < images.Count; start += BatchSize)
    {
        using var scope = NewDisposeScope();
        using var disabled = no_grad();
        int count = Math.Min(BatchSize, images.Count - start);
        long[] predicted = network.forward(ImageBatch.Load(images, start, count, size)).argmax(1).data<long>().ToArray();
        for (int i = 0; i < count; i++)
        {
            correct += predicted[i] == images[start + i].Label ? 1 : 0;
        }
    }

    return (double)correct / images.Count;
}

static void SetRate(OptimizerHelper optimizer, double rate)
{
    foreach (var group in optimizer.ParamGroups)
    {
        group.LearningRate = rate;
    }
}
