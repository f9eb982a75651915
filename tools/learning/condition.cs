#:project ../../src/Skinsight.Learning/Skinsight.Learning.csproj
#:property Nullable=enable

// Runs the condition-classifier steps from the command line until the CLI wires them in:
//   dotnet run -c Release tools/learning/condition.cs -- features DATA_DIR SPLIT SIZE OUT_FILE
using Skinsight.Learning.Backbone;
using Skinsight.Learning.Data;
using Skinsight.Learning.Features;

if (args.Length == 0)
{
    Console.Error.WriteLine("usage: condition.cs features DATA_DIR SPLIT SIZE OUT_FILE");
    return 2;
}

switch (args[0])
{
    case "features":
        {
            var images = DermaMnistDataSet.Load(args[1], args[2]);
            int size = int.Parse(args[3]);
            using var backbone = PretrainedResNet18.Create();
            var progress = new Progress<ExtractionProgress>(p =>
            {
                if (p.Done % 256 == 0 || p.Done == p.Total)
                {
                    Console.WriteLine($"{p.Done}/{p.Total} images, {p.ImagesPerSecond:F1} images/s");
                }
            });
            FeatureSet features = FeatureExtractor.Extract(backbone, images, size, batchSize: 32, progress: progress);
            features.Save(args[4]);
            return 0;
        }

    default:
        Console.Error.WriteLine($"Unknown command '{args[0]}'.");
        return 2;
}
