using System.CommandLine;
using Skinsight.Cli.Commands;
using Skinsight.Cli.Infrastructure;

namespace Skinsight.Cli;

/// <summary>The command tree of the skinsight program.</summary>
internal static class SkinsightCommandLine
{
    public static RootCommand CreateRoot() =>
        new("Skinsight: skin analysis from photos and personalised skincare routines. "
            + "Cosmetic guidance, not a diagnosis.")
        {
            GlobalOptions.Database,
            GlobalOptions.Keys,
            GlobalOptions.Json,
            AnalyzeCommand.Create(),
            CatalogCommands.Create(),
            PlanCommand.Create(),
            HistoryCommands.Create(),
            CheckInCommands.Create(),
            ProgressCommand.Create(),
            EfficacyCommands.Create(),
            ExperimentCommands.Create(),
            JobCommands.Create(),
            ServeCommand.Create(),
            PersonalDataCommands.CreateExport(),
            PersonalDataCommands.CreateErase(),
            KeysCommand.Create(),
            DemoCommand.Create(),
            EvaluateCommands.Create(),
            LearningCommands.CreateTrain(),
            GanCommands.Create(),
            UserCommands.Create(),
            ResearchCommands.Create(),
        };
}
