using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Skinsight.Cli.Infrastructure;
using Skinsight.Core.Analysis;
using Skinsight.Core.Serialization;
using Skinsight.Tracking.CheckIns;
using Skinsight.Tracking.Trends;
using Spectre.Console;

namespace Skinsight.Cli.Commands;

/// <summary><c>skinsight analyze PHOTO [--out DIR] [--no-store]</c></summary>
internal static class AnalyzeCommand
{
    public static Command Create()
    {
        var photo = new Argument<FileInfo>("PHOTO") { Description = "Photo to analyse: a JPEG, PNG or WebP file." };
        var outDir = new Option<DirectoryInfo?>("--out")
        {
            Description = "Folder to write one overlay PNG per measure into (created when missing).",
            HelpName = "DIR",
        };
        var noStore = new Option<bool>("--no-store")
        {
            Description = "Analyse only: keep neither the result nor the photo in the store.",
        };

        var command = new Command("analyze", "Analyse a selfie or a close-up of the skin: quality gate, regions, "
            + "measures (0-100 each), skin tone as CIELAB and ITA.")
        {
            photo, outDir, noStore,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var context = new CommandContext(parseResult);
            byte[] bytes = await InputFiles.ReadPhotoAsync(parseResult.GetRequiredValue(photo), cancellationToken);
            string? overlays = parseResult.GetValue(outDir) is { } folder
                ? InputFiles.CreateOutputFolder(folder, "--out")
                : null;

            SkinAnalysis analysis;
            Guid? analysisId = null;
            if (parseResult.GetValue(noStore))
            {
                using var analyzer = Application.Composition.ScreeningPhotoAnalyzer.CreateDefault();
                analysis = analyzer.Analyze(bytes, overlays);
            }
            else
            {
                var services = await context.ServicesAsync(cancellationToken);
                Guid person = await context.LocalPersonAsync(cancellationToken);
                var result = await services.Analyses.AnalyzeAsync(person, bytes, overlays, cancellationToken);
                analysis = result.Analysis;
                analysisId = result.AnalysisId;
            }

            Write(context.Output, analysis, analysisId);
            if (!analysis.Quality.Accepted)
            {
                context.Output.Error.WriteLine($"skinsight: photo rejected: {analysis.Quality.RejectionSummary()}");
                return ExitCodes.PhotoRejected;
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void Write(CliOutput output, SkinAnalysis analysis, Guid? analysisId)
    {
        if (output.IsJson)
        {
            var node = JsonSerializer.SerializeToNode(analysis, SkinsightJson.Options)!.AsObject();
            node["analysisId"] = analysisId is null ? null : JsonValue.Create(analysisId.Value);
            output.WriteJson(node);
            return;
        }

        var console = output.Console;
        foreach (var flag in analysis.Flags)
        {
            console.MarkupLine($"[bold white on red] {Markup.Escape(flag.Message)} [/]");
        }

        console.MarkupLine(
            $"Mode: [bold]{analysis.Mode.ToString().ToLowerInvariant()}[/]   Quality: [bold]{analysis.Quality.Score:0}/100[/] "
            + (analysis.Quality.Accepted ? "[green](accepted)[/]" : "[red](rejected)[/]")
            + $"   Image: {analysis.Image.Width}x{analysis.Image.Height} {analysis.Image.Format}");
        foreach (var issue in analysis.Quality.Issues)
        {
            console.MarkupLine($"  [yellow]{Markup.Escape(issue.Code)}[/]: {Markup.Escape(issue.Message)} {Markup.Escape(issue.Advice)}");
        }

        if (analysis.SkinTone is { } tone)
        {
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"Skin tone: ITA {tone.Ita:0.0}° ({tone.Category}); L* {tone.L:0.0}, a* {tone.A:0.0}, b* {tone.B:0.0}"));
        }

        if (analysis.EstimatedSkinAge is { } age)
        {
            string years = string.Create(CultureInfo.InvariantCulture,
                $"{age.Years:0} years (± {age.UncertaintyYears:0.0}, the model's mean error on aligned face crops)");
            console.MarkupLine(
                $"Estimated skin age: {years}. A cosmetic estimate of how old the skin looks; its error on phone "
                + "selfies has not been measured and can be larger.");
        }

        if (analysis.AcneLesions is { } acne)
        {
            string types = string.Join(", ", acne.ByType.Where(t => t.Value > 0).Select(t => $"{t.Key} {t.Value}"));
            string count = string.Create(CultureInfo.InvariantCulture,
                $"{acne.Count} (± {acne.UncertaintyLesions:0.0}, the detector's mean error on held-out ACNE04 photos)");
            string gradedBy = acne.GradedBy != AcneLesionCount.GradedByCountAndPhoto
                ? "graded from the count"
                : acne.CountGrade == acne.Grade
                    ? "graded from the count and the whole photo"
                    : acne.DetectorCount is int own && own != acne.Count
                        ? $"graded from the count and the whole photo; the detector counted {own}, which alone gives grade "
                            + $"{acne.CountGrade}, so the count was moved into this grade's range"
                        : $"graded from the count and the whole photo; the count alone gives grade {acne.CountGrade}";
            console.MarkupLine(Markup.Escape(
                $"Acne lesions: {count}, grade {acne.Grade} ({acne.GradeName}, {gradedBy})"
                + (types.Length > 0 ? $"; boxed by type: {types}" : "")
                + ". A cosmetic count, not a diagnosis, from a model trained on photos of acne patients; on other skin "
                + "it can count marks that are not acne."));
        }

        if (analysis.Lesion is { } lesion)
        {
            string where = string.Create(CultureInfo.InvariantCulture,
                $"{lesion.Width}x{lesion.Height} px at ({lesion.X}, {lesion.Y}), {lesion.AreaPercent:0.0}% of the photo");
            console.MarkupLine($"Lesion outline: {where}. An outline for tracking its size, not a diagnosis.");
        }

        if (analysis.Metrics.Count > 0)
        {
            var table = new Table()
                .AddColumn("Measure").AddColumn("Score").AddColumn("Noise").AddColumn("Better").AddColumn("By region");
            foreach (var (name, metric) in analysis.Metrics)
            {
                string regions = string.Join(", ", metric.Regions.Select(r => $"{r.Key} {r.Value:0}"));
                table.AddRow(
                    Markup.Escape(name),
                    metric.Score.ToString("0", CultureInfo.InvariantCulture),
                    metric.Noise is { } noise ? "±" + noise.ToString("0.0", CultureInfo.InvariantCulture) : "-",
                    ValueKinds.Find(name).Better == BetterDirection.Higher ? "higher" : "lower",
                    Markup.Escape(regions));
            }

            console.Write(table);
        }

        foreach (var (name, path) in analysis.Overlays)
        {
            console.MarkupLine($"Overlay {Markup.Escape(name)}: {Markup.Escape(path)}");
        }

        if (analysisId is not null)
        {
            console.MarkupLine($"[grey]Stored as analysis {analysisId}.[/]");
        }
    }
}
