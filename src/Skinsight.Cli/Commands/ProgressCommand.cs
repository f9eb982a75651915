using System.CommandLine;
using System.Globalization;
using Skinsight.Application.Tracking;
using Skinsight.Cli.Infrastructure;
using Spectre.Console;

namespace Skinsight.Cli.Commands;

/// <summary><c>skinsight progress [--charts DIR] [--format png|svg|both] [--before-after FILE]</c></summary>
internal static class ProgressCommand
{
    public static Command Create()
    {
        var charts = new Option<DirectoryInfo?>("--charts")
        {
            Description = "Folder to write one progress chart per measure into (created when missing); a photo measure "
                + "gets one chart per photo mode, such as redness-face.png and redness-closeup.png.",
            HelpName = "DIR",
        };
        var format = new Option<string>("--format")
        {
            Description = "Chart format: png, svg or both.",
            DefaultValueFactory = _ => "png",
        };
        format.AcceptOnlyFromAmong("png", "svg", "both");
        var beforeAfter = new Option<FileInfo?>("--before-after")
        {
            Description = "PNG file to write the first and the newest check-in photos into, side by side and aligned on the face.",
            HelpName = "FILE",
        };

        var command = new Command("progress", "Show each measure's trend over the check-ins, judged against the "
            + "measure's noise, with flagged check-ins, effects of the actives used, and plan advice.")
        {
            charts, format, beforeAfter,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var context = new CommandContext(parseResult);
            string? pairPath = parseResult.GetValue(beforeAfter) is { } pairFile
                ? InputFiles.RequireOutputFile(pairFile, "--before-after", ".png")
                : null;
            var services = await context.ExistingServicesAsync(cancellationToken);
            Guid person = await context.LocalPersonAsync(cancellationToken);
            var dashboard = await services.Progress.GetDashboardAsync(person, cancellationToken);
            var written = parseResult.GetValue(charts) is { } folder
                ? WriteCharts(dashboard, folder, parseResult.GetValue(format)!)
                : [];

            if (context.Output.IsJson)
            {
                context.Output.WriteJson(dashboard);
            }
            else
            {
                Write(context.Output.Console, dashboard);
            }

            foreach (string path in written)
            {
                context.Output.Console.MarkupLine($"[grey]Chart: {Markup.Escape(path)}[/]");
            }

            if (pairPath is not null)
            {
                byte[] png = await services.Progress.BeforeAfterAsync(person, cancellationToken);
                await InputFiles.WriteOutputFileAsync(pairPath, png, "--before-after", cancellationToken);
                context.Output.Console.MarkupLine($"[grey]Before and after: {Markup.Escape(pairPath)}[/]");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static List<string> WriteCharts(ProgressDashboard dashboard, DirectoryInfo folder, string format)
    {
        InputFiles.CreateOutputFolder(folder, "--charts");
        var formats = format switch
        {
            "svg" => new[] { ChartFormat.Svg },
            "both" => [ChartFormat.Png, ChartFormat.Svg],
            _ => [ChartFormat.Png],
        };
        var written = new List<string>();
        foreach (var measure in dashboard.Measures)
        {
            foreach (var chartFormat in formats)
            {
                string name = PhotoSeries.FileStem(measure.Kind, measure.Mode);
                string path = Path.Combine(folder.FullName, $"{name}.{chartFormat.ToString().ToLowerInvariant()}");
                File.WriteAllBytes(path, ProgressChart.Render(measure, chartFormat));
                written.Add(path);
            }
        }

        return written;
    }

    private static void Write(IAnsiConsole console, ProgressDashboard dashboard)
    {
        if (dashboard.CheckIns == 0)
        {
            console.MarkupLine("No check-ins yet. Add one with 'skinsight checkin add'.");
            return;
        }

        console.MarkupLine($"{dashboard.CheckIns} check-ins.");
        // Short headers keep the eight columns within 80 columns, with room for the longest kind name
        // (ambient-temperature); the legend under the table spells them out.
        var table = new Table()
            .AddColumn("Measure")
            .AddFixedColumn("n", Justify.Right)
            .AddFixedColumn("Trend")
            .AddFixedColumn("Change", Justify.Right)
            .AddFixedColumn("Noise", Justify.Right)
            .AddFixedColumn("p", Justify.Right)
            .AddFixedColumn("Out", Justify.Right)
            .AddFixedColumn("Shifts", Justify.Right);
        foreach (var measure in dashboard.Measures)
        {
            var trend = measure.Trend;
            int flagged = measure.Points.Count(p => p.Flag is not null);
            table.AddRow(
                $"{Markup.Escape(measure.Label)}\n[grey]({Markup.Escape(measure.Unit)})[/]",
                measure.Points.Count.ToString(CultureInfo.InvariantCulture),
                trend is null ? "[grey]too few[/]" : Colour(trend.Verdict),
                trend is null ? "-" : Format(trend.FittedChange, "+0.0;-0.0;0.0"),
                trend is null ? "-" : "±" + Format(trend.ChangeThreshold, "0.0"),
                trend is null ? "-" : Format(trend.PValue, "0.000"),
                flagged.ToString(CultureInfo.InvariantCulture),
                trend is null ? "-" : trend.ChangePoints.Count.ToString(CultureInfo.InvariantCulture));
        }

        console.Write(table);
        console.MarkupLine("[grey]n: data points. Change: fitted change over the series. Noise: the threshold a change "
            + "must exceed. Out: check-ins left out as outliers or for low photo quality. Shifts: change points.[/]");
        WriteEffects(console, dashboard);
        foreach (var advice in dashboard.Advice)
        {
            console.MarkupLine($"[bold]{Markup.Escape(advice.Action)}[/]: {Markup.Escape(advice.Message)}");
        }
    }

    private static void WriteEffects(IAnsiConsole console, ProgressDashboard dashboard)
    {
        var rows = dashboard.Measures.SelectMany(m => m.Effects.Select(e => (m.Label, Effect: e))).ToList();
        if (rows.Count == 0)
        {
            // Each measure's note explains why it has no effect; identical notes are printed once.
            var notes = dashboard.Measures
                .Where(m => m.EffectsNote is not null)
                .GroupBy(m => m.EffectsNote!, StringComparer.Ordinal)
                .Select(g => $"{string.Join(", ", g.Select(m => m.Label))}: {g.Key}");
            console.MarkupLine("[bold]No effects of actives.[/]");
            foreach (string note in notes)
            {
                console.MarkupLine($"[grey]{Markup.Escape(note)}[/]");
            }

            return;
        }

        var table = new Table()
            .AddColumn("Measure")
            .AddColumn("Active")
            .AddFixedColumn("Effect", Justify.Right)
            .AddFixedColumn("95% CI")
            .AddFixedColumn("p", Justify.Right);
        foreach (var (label, effect) in rows)
        {
            table.AddRow(
                Markup.Escape(label),
                Markup.Escape(effect.Active),
                Format(effect.Estimate, "+0.00;-0.00;0.00"),
                $"{Format(effect.Lower, "0.00")} to {Format(effect.Upper, "0.00")}",
                Format(effect.PValue, "0.000"));
        }

        console.Write(table);
    }

    private static string Colour(string verdict) => verdict switch
    {
        "improving" => "[green]improving[/]",
        "worsening" => "[red]worsening[/]",
        _ => Markup.Escape(verdict),
    };

    private static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
