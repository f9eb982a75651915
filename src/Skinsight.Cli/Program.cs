using System.CommandLine;
using Skinsight.Cli.Commands;
using Skinsight.Cli.Infrastructure;

var root = new RootCommand("Skinsight: skin analysis from photos and personalised skincare routines. "
    + "Cosmetic guidance, not a diagnosis.")
{
    GlobalOptions.Database,
    GlobalOptions.Json,
    AnalyzeCommand.Create(),
    CatalogCommands.Create(),
    PlanCommand.Create(),
    ServeCommand.Create(),
    DemoCommand.Create(),
};

return await CliRunner.RunAsync(root, args, Console.Out, Console.Error);
