#:project ../../src/Skinsight.Ranking/Skinsight.Ranking.csproj
#:property JsonSerializerIsReflectionEnabledByDefault=true
#:property PublishAot=false

// Runs the suitability model steps from the command line until the CLI wires them in.
// Run from the repository root: nice -n 19 dotnet run -c Release tools/ranking/suitability.cs -- COMMAND ARGS
// Each DATA_DIR, TRAIN_DIR and TEST_DIR contains a cosmetics.csv.
//   train DATA_DIR MODEL_PATH SEED [shared] [brand-rates] [brand-strength=M] [no-near-duplicates]
//                                           grid-search, fit and save the model; "shared" gives all five flags the
//                                           one setting with the lowest out-of-fold log loss, "brand-rates" adds the
//                                           brands' smoothed flag rates to the features, M sets their smoothing, and
//                                           "no-near-duplicates" leaves out the near-duplicate rule
//   evaluate DATA_DIR MODEL_PATH            score a saved model and its baselines, and print the report as JSON
//   split DATA_DIR TRAIN_DIR TEST_DIR SEED  write a seeded 80/20 split of DATA_DIR into two folders
using System.Globalization;
using Skinsight.Ranking.Suitability;

if (args.Length == 0)
{
    Console.Error.WriteLine("Missing command; see the header of tools/ranking/suitability.cs for the commands.");
    return 2;
}

try
{
    switch (args[0])
    {
        case "train":
            var progress = new Progress<string>(Console.WriteLine);
            var options = SuitabilityTrainingOptions.Default with
            {
                ChooseSettingPerFlag = !args.Contains("shared"),
                NearDuplicates = !args.Contains("no-near-duplicates"),
                BrandRates = args.Contains("brand-rates") || args.Any(a => a.StartsWith("brand-strength=", StringComparison.Ordinal)),
                BrandRateStrength = args.FirstOrDefault(a => a.StartsWith("brand-strength=", StringComparison.Ordinal)) is { } m
                    ? double.Parse(m["brand-strength=".Length..], CultureInfo.InvariantCulture)
                    : BrandRates.DefaultStrength,
            };
            SuitabilityTrainingReport report = SuitabilityTrainer.Train(args[1], args[2], Int(args[3]), progress, options);
            Console.WriteLine(FormattableString.Invariant(
                $"cross-validated macro-F1 {report.CrossValidatedMacroF1:F4} (majority {report.CrossValidatedMajorityMacroF1:F4}), {report.Elapsed.TotalMinutes:F1} min"));
            return 0;
        case "evaluate":
            Console.WriteLine(SuitabilityEvaluator.Evaluate(args[1], args[2]).ToJson());
            return 0;
        case "split":
            (int train, int test) = SuitabilitySplit.Write(
                Path.Combine(args[1], SuitabilityData.FileName), args[2], args[3], 0.2, Int(args[4]));
            Console.WriteLine($"{train} rows to {args[2]}, {test} rows to {args[3]}");
            return 0;
        default:
            Console.Error.WriteLine($"Unknown command '{args[0]}'; use train, evaluate or split.");
            return 2;
    }
}
catch (SuitabilityException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 1;
}

static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);
