using Skinsight.Cli;
using Skinsight.Cli.Infrastructure;

return await CliRunner.RunAsync(SkinsightCommandLine.CreateRoot(), args, Console.Out, Console.Error);
