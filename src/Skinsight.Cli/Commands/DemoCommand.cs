using System.CommandLine;
using System.Globalization;
using Skinsight.Cli.Infrastructure;
using Skinsight.Core.IO;
using Skinsight.Planning;
using Spectre.Console;

namespace Skinsight.Cli.Commands;

/// <summary>
/// <c>skinsight demo</c>: the main job end to end on real data: imports the two Sephora catalogs, analyses a
/// real photo and builds a routine for the example profile.
/// </summary>
internal static class DemoCommand
{
    private const string SephoraProducts = "sephora-products-2023/product_info.csv";
    private const string SephoraCosmetics = "sephora-cosmetics-1472/cosmetics.csv";

    public static Command Create()
    {
        var data = new Option<DirectoryInfo?>("--data")
        {
            Description = "Folder of the public data sets (default: ../shared/data beside the repository).",
            HelpName = "DIR",
        };
        var photo = new Option<FileInfo?>("--photo")
        {
            Description = "Photo to analyse (default: the first ACNE04 photo in the data folder).",
            HelpName = "PHOTO",
        };
        var profile = new Option<FileInfo?>("--profile")
        {
            Description = "Profile JSON (default: examples/profile.json).",
            HelpName = "PROFILE.json",
        };
        var outDir = new Option<DirectoryInfo?>("--out")
        {
            Description = "Folder for the overlay PNGs (default: .skinsight/demo beside the repository).",
            HelpName = "DIR",
        };

        var command = new Command("demo", "Run the main job on real data: import the Sephora catalogs, analyse a "
            + "photo with overlays, and build a routine for the example profile.")
        {
            data, photo, profile, outDir,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var context = new CommandContext(parseResult);
            string home = SkinsightHome.Find();
            string dataDir = parseResult.GetValue(data)?.FullName ?? Path.GetFullPath(Path.Combine(home, "..", "shared", "data"));
            if (!Directory.Exists(dataDir))
            {
                throw new CliException($"the data folder {dataDir} was not found; pass --data DIR with the public data sets.");
            }

            var services = await context.ServicesAsync(cancellationToken);
            var console = context.Output.Console;
            var imports = new List<object>();
            foreach (string relative in new[] { SephoraProducts, SephoraCosmetics })
            {
                string path = Path.Combine(dataDir, relative);
                if (!File.Exists(path))
                {
                    throw new CliException($"the catalog {path} was not found; pass --data DIR with the public data sets.");
                }

                var report = await services.CatalogImport.ImportAsync(path, cancellationToken: cancellationToken);
                imports.Add(new { report.Path, report.RowsRead, report.Imported, report.Updated, report.Unchanged, report.Skipped });
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Catalog {relative}: {report.Imported} imported, {report.Updated} updated, {report.Unchanged} unchanged, {report.Skipped} skipped."));
            }

            FileInfo photoFile = parseResult.GetValue(photo) ?? DefaultPhoto(dataDir);
            string profilePath = parseResult.GetValue(profile)?.FullName ?? Path.Combine(home, "examples", "profile.json");
            string overlays = parseResult.GetValue(outDir)?.FullName ?? Path.Combine(home, ".skinsight", "demo");
            Directory.CreateDirectory(overlays);

            byte[] bytes = await InputFiles.ReadPhotoAsync(photoFile, cancellationToken);
            Guid person = await context.LocalPersonAsync(cancellationToken);
            var analysis = await services.Analyses.AnalyzeAsync(person, bytes, overlays, cancellationToken);
            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Photo {photoFile.Name}: {analysis.Analysis.Mode.ToString().ToLowerInvariant()}, quality {analysis.Analysis.Quality.Score:0}/100, "
                + $"{analysis.Analysis.Metrics.Count} measures, overlays in {overlays}."));

            var skinProfile = ProfileReader.Parse(await InputFiles.ReadProfileAsync(new FileInfo(profilePath), cancellationToken));
            var plan = await services.Plans.BuildAsync(person, skinProfile, bytes, cancellationToken);
            if (context.Output.IsJson)
            {
                context.Output.WriteJson(new
                {
                    Imports = imports,
                    Photo = photoFile.FullName,
                    Analysis = analysis.Analysis,
                    plan.PlanId,
                    plan.Plan,
                });
                return ExitCodes.Success;
            }

            console.MarkupLine($"Routine for {Markup.Escape(Path.GetFileName(profilePath))}:");
            PlanCommand.Write(context.Output, plan.Plan);
            return ExitCodes.Success;
        });
        return command;
    }

    private static FileInfo DefaultPhoto(string dataDir)
    {
        string folder = Path.Combine(dataDir, "images", "acne04-roboflow", "images");
        string? first = Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.jpg").Order(StringComparer.Ordinal).FirstOrDefault()
            : null;
        return first is null
            ? throw new CliException($"no photo found in {folder}; pass --photo PHOTO.")
            : new FileInfo(first);
    }
}

/// <summary>Finds the repository folder that holds examples/ and models/.</summary>
internal static class SkinsightHome
{
    public static string Find()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable(ModelLocation.HomeVariable);
        if (!string.IsNullOrEmpty(fromEnvironment) && Directory.Exists(fromEnvironment))
        {
            return fromEnvironment;
        }

        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Skinsight.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
