using System.CommandLine;
using Skinsight.Application.Research;
using Skinsight.Cli.Infrastructure;
using Skinsight.Core.Serialization;
using Skinsight.Data.Entities;

namespace Skinsight.Cli.Commands;

/// <summary><c>skinsight research export [--k N] [--out FILE] [--key-file PATH]</c></summary>
internal static class ResearchCommands
{
    private const string KeyVariable = "SKINSIGHT_RESEARCH_KEY";

    public static Command Create() =>
        new("research", "Pseudonymised, k-anonymous exports for research.") { CreateExport() };

    private static Command CreateExport()
    {
        var k = new Option<int>("--k")
        {
            Description = $"Every combination of age band, sex, skin type and region is shared by at least this many people (at least {ResearchExporter.MinimumK}).",
            DefaultValueFactory = _ => ResearchExporter.MinimumK,
            HelpName = "N",
        };
        var outFile = new Option<FileInfo?>("--out") { Description = "Write the JSON export to this file instead of standard output.", HelpName = "FILE" };
        var keyFile = new Option<FileInfo?>("--key-file")
        {
            Description = $"File with the base64 pseudonymisation key; without it the key comes from {KeyVariable}.",
            HelpName = "PATH",
        };
        var command = new Command("export", "Export the people with research consent: keyed-hash pseudonyms, generalised "
            + "quasi-identifiers, analysis summaries; no names, handles or photos.")
        {
            k, outFile, keyFile,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var context = new CommandContext(parseResult);
            FileInfo? keyPath = parseResult.GetValue(keyFile);
            if (keyPath is not null)
            {
                InputFiles.RequireFile(keyPath, "key");
            }

            string? keyText = keyPath is null ? Environment.GetEnvironmentVariable(KeyVariable) : await File.ReadAllTextAsync(keyPath.FullName, cancellationToken);
            byte[] key = ResearchExporter.ParseKey(keyText, keyPath?.FullName ?? $"the environment variable {KeyVariable}");
            var services = await context.ExistingServicesAsync(cancellationToken);
            var export = await new ResearchExporter(services.Store, key).ExportAsync(parseResult.GetValue(k), cancellationToken);
            await services.Store.AddAuditAsync(new AuditEntry
            {
                At = DateTime.UtcNow,
                Action = AuditAction.Read,
                Operation = "cli research export",
                Purpose = "pseudonymised research export",
            }, cancellationToken);

            if (parseResult.GetValue(outFile) is { } target)
            {
                await File.WriteAllTextAsync(target.FullName, System.Text.Json.JsonSerializer.Serialize(export, SkinsightJson.Options), cancellationToken);
                context.Output.Error.WriteLine(
                    $"Exported {export.Rows.Count} of {export.Consenting} consenting people to {target.FullName} "
                    + $"(k = {export.K}, smallest group {export.SmallestClass}, {export.Suppressed} suppressed).");
            }
            else
            {
                context.Output.WriteJson(export);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
