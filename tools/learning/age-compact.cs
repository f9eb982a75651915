#:project ../../src/Skinsight.Learning/Skinsight.Learning.csproj

// Rewrites the weights of a resnet18 age model folder as float16 and prints its MAE on one split before and after,
// for folders trained before training compacted them itself. Run from the repository root with:
//   nice -n 10 dotnet run -c Release tools/learning/age-compact.cs -- MODEL_DIR DATA_DIR SPLIT
using System.Globalization;
using Skinsight.Learning.Age;

if (args.Length != 3)
{
    Console.Error.WriteLine("Usage: age-compact.cs MODEL_DIR DATA_DIR SPLIT");
    return 2;
}

double before = AgeTraining.Evaluate(args[1], args[2], args[0]).Metrics.Mae;
AgeModelFiles.Compact(args[0]);
double after = AgeTraining.Evaluate(args[1], args[2], args[0]).Metrics.Mae;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{args[2]} MAE {before:F4} before, {after:F4} after"));
return 0;
