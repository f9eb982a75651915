using System.CommandLine;
using System.Globalization;
using Skinsight.Application.Tracking;
using Skinsight.Cli.Infrastructure;
using Skinsight.Core.Analysis;
using Spectre.Console;

namespace Skinsight.Cli.Commands;

/// <summary><c>skinsight checkin add|list|delete</c></summary>
internal static class CheckInCommands
{
    public static Command Create() =>
        new("checkin", "Record how the skin is doing: a photo, self-ratings, sensor readings and the routine steps used.")
        {
            CreateAdd(),
            CreateList(),
            CreateDelete(),
        };

    private static Command CreateAdd()
    {
        var photo = new Option<FileInfo?>("--photo")
        {
            Description = "Photo to analyse with the same pipeline as 'analyze' (JPEG, PNG or WebP).",
            HelpName = "PHOTO",
        };
        var ratings = new Option<string[]>("--rating")
        {
            Description = "Self-rating NAME=VALUE from 0 to 10; NAME is dryness, oiliness, irritation or satisfaction. Repeatable.",
            HelpName = "NAME=VALUE",
            AllowMultipleArgumentsPerToken = false,
        };
        var readings = new Option<string[]>("--reading")
        {
            Description = "Sensor reading KIND=VALUE:UNIT[@TIME], e.g. hydration=42:AU or skin-temperature=33.1:C. "
                + "Kinds: hydration (AU), sebum (ug/cm2), skin-temperature (C, F), uv-dose (SED, J/m2), "
                + "ambient-humidity (%), ambient-temperature (C, F). Repeatable.",
            HelpName = "KIND=VALUE:UNIT",
        };
        var steps = new Option<string[]>("--step")
        {
            Description = "Routine step used since the last check-in: PLAN-ID:am|pm:INDEX[=SHARE], INDEX from 0, "
                + "SHARE of planned days from 0 to 1 (default 1). Repeatable.",
            HelpName = "PLAN:ROUTINE:INDEX",
        };
        var at = new Option<string?>("--at")
        {
            Description = "When the skin was checked, ISO 8601 (e.g. 2026-03-01T08:00Z); default now.",
            HelpName = "TIME",
        };

        var command = new Command("add", "Store a check-in for the local person.") { photo, ratings, readings, steps, at };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var context = new CommandContext(parseResult);
            var request = new CheckInRequest(
                ParseTime(parseResult.GetValue(at), "--at"),
                ParseRatings(parseResult.GetValue(ratings) ?? []),
                (parseResult.GetValue(readings) ?? []).Select(ParseReading).ToList(),
                (parseResult.GetValue(steps) ?? []).Select(ParseStep).ToList());
            ReadOnlyMemory<byte>? photoBytes = parseResult.GetValue(photo) is { } file
                ? await InputFiles.ReadPhotoAsync(file, cancellationToken)
                : (ReadOnlyMemory<byte>?)null;

            var services = await context.ServicesAsync(cancellationToken);
            Guid person = await context.LocalPersonAsync(cancellationToken);
            var result = await services.CheckIns.AddAsync(person, request, photoBytes, cancellationToken);
            if (result.CheckInId is null)
            {
                context.Output.Error.WriteLine($"skinsight: photo rejected, check-in not stored: {result.Analysis!.Quality.RejectionSummary()}");
                return ExitCodes.PhotoRejected;
            }

            IReadOnlyList<MedicalFlag> flags = result.Analysis?.Flags ?? [];
            if (context.Output.IsJson)
            {
                context.Output.WriteJson(new
                {
                    checkInId = result.CheckInId,
                    photoQuality = result.Analysis?.Quality.Score,
                    flags,
                    note = result.PhotoMeasuresLeftOut ? CheckInResult.MeasuresLeftOutMessage : null,
                });
            }
            else
            {
                foreach (var flag in flags)
                {
                    context.Output.Console.MarkupLine($"[bold white on red] {Markup.Escape(flag.Message)} [/]");
                }

                if (result.PhotoMeasuresLeftOut)
                {
                    context.Output.WriteLine(CheckInResult.MeasuresLeftOutMessage);
                }

                context.Output.WriteLine($"Stored check-in {result.CheckInId}.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateList()
    {
        var limit = new Option<int>("--limit")
        {
            Description = "Largest number of check-ins to list, newest first.",
            DefaultValueFactory = _ => 20,
        };
        var command = new Command("list", "List the local person's check-ins, newest first.") { limit };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var context = new CommandContext(parseResult);
            int max = parseResult.GetValue(limit);
            if (max < 1)
            {
                throw new CliException($"--limit {max} is invalid; pass 1 or more.");
            }

            var services = await context.ExistingServicesAsync(cancellationToken);
            Guid person = await context.LocalPersonAsync(cancellationToken);
            var checkIns = await services.Store.ListCheckInsAsync(person, max, cancellationToken);
            if (context.Output.IsJson)
            {
                context.Output.WriteJson(new { Items = checkIns.Select(CheckInView.From).ToList() });
                return ExitCodes.Success;
            }

            // Values, steps and the id share one cell, so the 36-character id does not squeeze the values.
            var table = new Table().AddFixedColumn("Time (UTC)").AddColumn("Check-in");
            foreach (var checkIn in checkIns)
            {
                string values = string.Join(", ", checkIn.Values
                    .OrderBy(v => v.Kind, StringComparer.Ordinal)
                    .Select(v => string.Create(
                        CultureInfo.InvariantCulture,
                        $"{PhotoSeries.Label(v.Kind, PhotoSeries.ModeOf(v))} {v.Value:0.##} {v.Unit}")));
                string used = string.Join(", ", checkIn.Steps.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Routine}:{s.StepIndex}={s.Used:0.##}")));
                string stepsLine = used.Length == 0 ? "" : $"\nSteps used: {Markup.Escape(used)}";
                table.AddRow(
                    checkIn.TakenAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    $"{Markup.Escape(values.Length == 0 ? "no values" : values)}{stepsLine}\n[grey]Id {checkIn.Id}[/]");
            }

            context.Output.Console.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateDelete()
    {
        var id = new Argument<string>("ID")
        {
            Description = "Id of the check-in to delete, as 'skinsight checkin list' prints it.",
        };
        var command = new Command(
            "delete",
            "Delete one of the local person's check-ins with its values, steps, and its photo's analysis and stored photo.")
        {
            id,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var context = new CommandContext(parseResult);
            string text = parseResult.GetValue(id)!;
            if (!Guid.TryParse(text, out var checkInId))
            {
                throw new CliException($"Check-in id '{text}' is invalid; pass an id from 'skinsight checkin list'.");
            }

            var services = await context.ExistingServicesAsync(cancellationToken);
            Guid person = await context.LocalPersonAsync(cancellationToken);
            if (!await services.Store.DeleteCheckInAsync(person, checkInId, cancellationToken))
            {
                throw new CliException(
                    $"Check-in {checkInId} was not found; 'skinsight checkin list' prints the ids of your check-ins.");
            }

            if (context.Output.IsJson)
            {
                context.Output.WriteJson(new { deleted = checkInId });
            }
            else
            {
                context.Output.WriteLine($"Deleted check-in {checkInId}.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Dictionary<string, double> ParseRatings(string[] values)
    {
        var ratings = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string text in values)
        {
            var (name, value) = SplitPair(text, "--rating", "NAME=VALUE, e.g. dryness=4");
            if (!ratings.TryAdd(name, ParseNumber(value, "--rating", text)))
            {
                throw new CliException($"--rating {name} is given twice; give each rating once.");
            }
        }

        return ratings;
    }

    private static ReadingInput ParseReading(string text)
    {
        const string Shape = "KIND=VALUE:UNIT[@TIME], e.g. hydration=42:AU";
        var (kind, rest) = SplitPair(text, "--reading", Shape);
        DateTimeOffset? time = null;
        int atSign = rest.IndexOf('@', StringComparison.Ordinal);
        if (atSign >= 0)
        {
            time = ParseTime(rest[(atSign + 1)..], "--reading");
            rest = rest[..atSign];
        }

        int colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == rest.Length - 1)
        {
            throw new CliException($"--reading '{text}' has no unit; write {Shape}.");
        }

        return new ReadingInput(kind, ParseNumber(rest[..colon], "--reading", text), rest[(colon + 1)..], time);
    }

    private static StepUseInput ParseStep(string text)
    {
        const string Shape = "PLAN-ID:am|pm:INDEX[=SHARE]";
        string share = "1";
        string spec = text;
        int equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals >= 0)
        {
            share = text[(equals + 1)..];
            spec = text[..equals];
        }

        string[] parts = spec.Split(':');
        if (parts.Length != 3 || !Guid.TryParse(parts[0], out var planId)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out int index))
        {
            throw new CliException($"--step '{text}' is invalid; write {Shape} with the plan id from 'skinsight plan'.");
        }

        return new StepUseInput(planId, parts[1], index, ParseNumber(share, "--step", text));
    }

    private static (string Name, string Value) SplitPair(string text, string option, string shape)
    {
        int equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == text.Length - 1)
        {
            throw new CliException($"{option} '{text}' is invalid; write {shape}.");
        }

        return (text[..equals].Trim(), text[(equals + 1)..].Trim());
    }

    private static double ParseNumber(string text, string option, string whole)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            throw new CliException($"{option} '{whole}' has '{text}' where a number is expected.");
        }

        return value;
    }

    private static DateTimeOffset? ParseTime(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            throw new CliException($"{option} time '{text}' is invalid; write ISO 8601 such as 2026-03-01T08:00Z.");
        }

        return time;
    }
}
