using System.CommandLine;
using System.Globalization;
using Skinsight.Application.Plans;
using Skinsight.Catalog.Ingredients;
using Skinsight.Cli.Infrastructure;
using Skinsight.Core.Profiles;
using Skinsight.Planning;
using Skinsight.Planning.Safety;

namespace Skinsight.Cli.Commands;

/// <summary><c>skinsight evaluate ...</c>: measure a part of Skinsight against data.</summary>
internal static class EvaluateCommands
{
    public static Command Create() =>
        new("evaluate", "Measure a part of Skinsight on data and print the metrics.")
        {
            CreateSafety(),
            LearningCommands.CreateEvaluateCondition(),
            AgeCommands.CreateEvaluate(),
            RankingCommands.CreateEvaluateSuitability(),
            RankingCommands.CreateEvaluateRanker(),
            SkinPixelCommands.CreateEvaluate(),
            GanCommands.CreateEvaluate(),
            LesionSegmentationCommands.CreateEvaluate(),
            AnalysisEvaluateCommands.CreateAcne(),
            AcneGraderCommands.CreateEvaluate(),
        };

    private static Command CreateSafety()
    {
        var profiles = new Option<int>("--profiles")
        {
            Description = "How many profiles to plan for; every combination of the risk factors comes first "
                + $"({RiskProfiles.Count:N0}), then the combinations again under other climates and ages.",
            DefaultValueFactory = _ => 10_000,
            HelpName = "N",
        };
        var command = new Command("safety", "Plan for many risk profiles against the imported catalog and check "
            + "every plan with a checker separate from the planner (pregnancy, allergens, conflicts, sunscreen).")
        {
            profiles,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var context = new CommandContext(parseResult);
            int count = parseResult.GetValue(profiles);
            if (count < 1)
            {
                throw new CliException($"--profiles {count} is out of range; give 1 or more.");
            }

            var services = await context.ExistingServicesAsync(cancellationToken);
            var catalog = await services.Store.LoadProductsAsync(PlanService.SkincareCategories, cancellationToken);
            var knowledge = IngredientKnowledge.LoadDefault();
            var planner = RoutinePlanner.CreateDefault();
            var report = CliProgress.Run(context.Output, "Planning and checking", task =>
            {
                // Counts the profiles as the evaluation draws them, one plan each.
                var profilesDrawn = Generate(count).Select((profile, index) =>
                {
                    task.Report(index, count);
                    return profile;
                });
                return SafetyEvaluation.Run(planner, new PlanSafetyChecker(knowledge), catalog, profilesDrawn);
            }, counted: true);

            if (context.Output.IsJson)
            {
                context.Output.WriteJson(new
                {
                    report.Plans,
                    report.Violations,
                    report.PlansWithViolations,
                    report.ByRule,
                    report.Examples,
                    report.MeanPlanMs,
                    report.MaxPlanMs,
                    CatalogProducts = catalog.Count,
                    Scorer = planner.Scorer.Name,
                });
            }
            else
            {
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{report.Plans:N0} plans against {catalog.Count:N0} products: {report.Violations} violations "
                    + $"in {report.PlansWithViolations} plans; {report.MeanPlanMs:0.0} ms per plan (max {report.MaxPlanMs:0.0}); "
                    + $"ranked by {planner.Scorer.Name}."));
                foreach (string example in report.Examples)
                {
                    context.Output.WriteLine("  " + example);
                }
            }

            return report.Violations == 0 ? ExitCodes.Success : ExitCodes.InvalidInput;
        });
        return command;
    }

    /// <summary>
    /// Yields <paramref name="count"/> profiles: every risk combination once, then again with another
    /// climate and age on each later pass. Past reactions and the routine length rotate across the profiles.
    /// </summary>
    internal static IEnumerable<SkinProfile> Generate(int count)
    {
        string[][] reactions = [[], ["lanolin"], ["salicylic acid"]];
        RoutineLength[] lengths = Enum.GetValues<RoutineLength>();
        (Humidity Humidity, double UvIndex, int Age)[] passes =
        [
            (Humidity.Moderate, 3, 30), (Humidity.Dry, 9, 45), (Humidity.Humid, 11, 19), (Humidity.Dry, 1, 65),
        ];
        int produced = 0;
        for (int pass = 0; ; pass++)
        {
            var (humidity, uv, age) = passes[pass % passes.Length];
            foreach (var profile in RiskProfiles.All())
            {
                if (produced++ == count)
                {
                    yield break;
                }

                yield return profile with
                {
                    Climate = new Climate(humidity, uv),
                    Age = profile.Age ?? age,
                    PastReactions = reactions[produced % reactions.Length],
                    RoutineLength = lengths[produced / reactions.Length % lengths.Length],
                };
            }
        }
    }
}
