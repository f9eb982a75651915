#:project ../../src/Skinsight.Ranking/Skinsight.Ranking.csproj
#:property PublishAot=false

// Runs the review ranker from the command line until the CLI wires it in. Run from the repository root with:
// nice -n 19 dotnet run -c Release tools/ranking/ranker.cs -- COMMAND ARGS
//   split DATA_DIR TRAIN_DIR EVAL_DIR SEED          split reviews 80/20 by a seeded hash of the author
//   split-rows DATA_DIR TRAIN_DIR EVAL_DIR SEED     split reviews 80/20 by a seeded hash of file and row
//   train DATA_DIR CATALOG MODEL SEED [THREADS]     grid-search, train and save; prints the report as JSON
//   evaluate DATA_DIR CATALOG MODEL                 score a saved model; prints the report as JSON
// CATALOG may be an empty string for Olive Young reviews.
using System.Text.Json;
using Skinsight.Ranking.Reviews;

var json = new JsonSerializerOptions(JsonSerializerDefaults.Web)
{
    WriteIndented = true,
    NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
};
var progress = new Progress<string>(message => Console.Error.WriteLine(message));

try
{
    switch (args.FirstOrDefault())
    {
        case "split" when args.Length == 5:
            Console.WriteLine(JsonSerializer.Serialize(
                ReviewSplitter.SplitByAuthor(args[1], args[2], args[3], int.Parse(args[4])), json));
            return 0;
        case "split-rows" when args.Length == 5:
            Console.WriteLine(JsonSerializer.Serialize(
                ReviewSplitter.SplitByRow(args[1], args[2], args[3], int.Parse(args[4])), json));
            return 0;
        case "train" when args.Length is 5 or 6:
            var options = new RankerTrainingOptions { Threads = args.Length == 6 ? int.Parse(args[5]) : 1 };
            Console.WriteLine(JsonSerializer.Serialize(
                ReviewRanker.Train(args[1], args[2], args[3], int.Parse(args[4]), progress, options), json));
            return 0;
        case "evaluate" when args.Length == 4:
            Console.WriteLine(JsonSerializer.Serialize(ReviewRankerEvaluator.Evaluate(args[1], args[2], args[3]), json));
            return 0;
        default:
            Console.Error.WriteLine("Unknown command or wrong argument count; see the header of tools/ranking/ranker.cs.");
            return 2;
    }
}
catch (RankerDataException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
