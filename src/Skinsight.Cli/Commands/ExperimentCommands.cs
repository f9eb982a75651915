using System.CommandLine;
using System.Globalization;
using Skinsight.Application.Experiments;
using Skinsight.Cli.Infrastructure;
using Skinsight.Data.Entities;
using Spectre.Console;

namespace Skinsight.Cli.Commands;

/// <summary><c>skinsight experiment create|list|assign|report|stop|sample-size</c></summary>
internal static class ExperimentCommands
{
    public static Command Create() =>
        new("experiment", "A/B experiments on plan variants: create, assign the local person, report, stop, size.")
        {
            CreateCreate(),
            CreateList(),
            CreateAssign(),
            CreateReport(),
            CreateStop(),
            CreateSampleSize(),
        };

    private static Command CreateCreate()
    {
        var name = new Option<string>("--name")
        {
            Description = "Unique name: lower-case letters, digits and hyphens.", HelpName = "NAME", Required = true,
        };
        var hypothesis = new Option<string>("--hypothesis")
        {
            Description = "What the experiment expects to find.", HelpName = "TEXT", Required = true,
        };
        var variants = new Option<string[]>("--variant")
        {
            Description = "Variant NAME:WEIGHT[:ROUTINE_LENGTH], control first, e.g. control:1 and short:1:minimal. "
                + "ROUTINE_LENGTH (minimal, moderate, full) caps the routine of plans built under the variant. Repeatable.",
            HelpName = "NAME:WEIGHT[:LENGTH]",
            Required = true,
        };
        var measure = new Option<string>("--measure")
        {
            Description = $"Check-in value compared between arms: {string.Join(", ", ExperimentService.Measures)}.",
            HelpName = "MEASURE",
            Required = true,
        };
        var better = new Option<string?>("--better")
        {
            Description = "lower or higher: which way of the measure counts as better (default: the measure's own).",
            HelpName = "DIRECTION",
        };
        var perArm = new Option<int?>("--per-arm") { Description = "People per arm at the last look.", HelpName = "N" };
        var effect = new Option<double?>("--effect")
        {
            Description = "Smallest Cohen's d worth detecting; sets --per-arm for 80% power at alpha 0.05 when that is not given.",
            HelpName = "D",
        }.PointDecimal();
        var looks = new Option<int>("--looks")
        {
            Description = $"Equally spaced looks of the O'Brien-Fleming stop rule, 1 to {ExperimentService.MaxLooks}.",
            DefaultValueFactory = _ => 3,
            HelpName = "N",
        };
        var command = new Command("create", "Create a running experiment; plans built while it runs use the person's variant.")
        {
            name, hypothesis, variants, measure, better, perArm, effect, looks,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var context = new CommandContext(parseResult);
            var arms = (parseResult.GetValue(variants) ?? []).Select(ParseVariant).ToList();
            var request = new ExperimentRequest(
                parseResult.GetValue(name) ?? "",
                parseResult.GetValue(hypothesis) ?? "",
                arms,
                parseResult.GetValue(measure) ?? "",
                parseResult.GetValue(better),
                parseResult.GetValue(perArm),
                parseResult.GetValue(effect),
                parseResult.GetValue(looks));
            var services = await context.ServicesAsync(cancellationToken);
            var created = await services.Experiments.CreateAsync(request, cancellationToken);
            await AuditAsync(services, AuditAction.Change, "cli experiment create", cancellationToken);
            WriteExperiment(context, created);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateList()
    {
        var command = new Command("list", "List the experiments, newest first.");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var context = new CommandContext(parseResult);
            var services = await context.ExistingServicesAsync(cancellationToken);
            var experiments = await services.Experiments.ListAsync(cancellationToken);
            if (context.Output.IsJson)
            {
                context.Output.WriteJson(new { Items = experiments });
                return ExitCodes.Success;
            }

            // Status, numbers and the creation time never wrap, and the time sits under the date, so that an
            // 80-column terminal splits only the free-text columns, at spaces where it can.
            var table = new Table().AddColumn("Name").AddFixedColumn("Status").AddColumn("Measure").AddColumn("Variants")
                .AddFixedColumn("Per arm", Justify.Right).AddFixedColumn("Looks", Justify.Right).AddFixedColumn("Created");
            foreach (var experiment in experiments)
            {
                table.AddRow(
                    Markup.Escape(experiment.Name),
                    experiment.Status,
                    $"{Markup.Escape(experiment.Measure)} ({experiment.Better} is better)",
                    Markup.Escape(string.Join(", ", experiment.Arms.Select(Describe))),
                    experiment.PlannedPerArm.ToString(CultureInfo.InvariantCulture),
                    experiment.Looks.ToString(CultureInfo.InvariantCulture),
                    experiment.CreatedAt.ToString("yyyy-MM-dd'\n[grey]'HH:mm'[/]'", CultureInfo.InvariantCulture));
            }

            context.Output.Console.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateAssign()
    {
        var name = new Argument<string>("NAME") { Description = "Name of the experiment." };
        var command = new Command("assign", "Assign the local person to a variant and log the first exposure.") { name };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var context = new CommandContext(parseResult);
            Guid person = await context.LocalPersonAsync(cancellationToken);
            var services = await context.ServicesAsync(cancellationToken);
            var assignment = await services.Experiments.AssignAsync(person, parseResult.GetValue(name) ?? "", cancellationToken);
            if (context.Output.IsJson)
            {
                context.Output.WriteJson(assignment);
            }
            else
            {
                context.Output.WriteLine(
                    $"Variant '{assignment.Variant}' of '{assignment.Experiment}', first exposed "
                    + $"{assignment.ExposedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateReport()
    {
        var name = new Argument<string>("NAME") { Description = "Name of the experiment." };
        var command = new Command("report", "Compare each variant with the control on the change of the measure "
            + "(Welch's t test, 95% interval, Cohen's d) and apply the stop rule.")
        {
            name,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var context = new CommandContext(parseResult);
            var services = await context.ExistingServicesAsync(cancellationToken);
            var report = await services.Experiments.ReportAsync(parseResult.GetValue(name) ?? "", cancellationToken);
            await AuditAsync(services, AuditAction.Read, "cli experiment report", cancellationToken);
            if (context.Output.IsJson)
            {
                context.Output.WriteJson(report);
                return ExitCodes.Success;
            }

            WriteReport(context, report);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateStop()
    {
        var name = new Argument<string>("NAME") { Description = "Name of the experiment." };
        var command = new Command("stop", "Stop an experiment: nobody new is assigned and plans are built as usual.") { name };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var context = new CommandContext(parseResult);
            var services = await context.ExistingServicesAsync(cancellationToken);
            DateTime requestedAt = DateTime.UtcNow;
            var stopped = await services.Experiments.StopAsync(parseResult.GetValue(name) ?? "", cancellationToken);
            await AuditAsync(services, AuditAction.Change, "cli experiment stop", cancellationToken);
            if (!context.Output.IsJson && stopped.StoppedAt is { } at && at < requestedAt)
            {
                // Stopping a stopped experiment changes nothing, so the output reports the earlier stop.
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Experiment '{stopped.Name}' was already stopped at {at:yyyy-MM-dd HH:mm} UTC."));
                return ExitCodes.Success;
            }

            WriteExperiment(context, stopped);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateSampleSize()
    {
        var effect = new Option<double?>("--effect") { Description = "Standardised effect, Cohen's d.", HelpName = "D" }.PointDecimal();
        var difference = new Option<double?>("--difference")
        {
            Description = "Raw difference of the measure to detect; needs --sd.", HelpName = "X",
        }.PointDecimal();
        var sd = new Option<double?>("--sd") { Description = "Standard deviation of the outcome, in the measure's unit.", HelpName = "S" }.PointDecimal();
        var alpha = new Option<double>("--alpha")
        {
            Description = "Two-sided significance level.", DefaultValueFactory = _ => ExperimentService.Alpha,
        }.PointDecimal();
        var power = new Option<double>("--power") { Description = "Power.", DefaultValueFactory = _ => ExperimentService.Power }.PointDecimal();
        var command = new Command("sample-size", "People per arm needed to detect an effect with a two-sided test "
            + "(normal approximation: 2 (z(1-alpha/2) + z(power))^2 / d^2).")
        {
            effect, difference, sd, alpha, power,
        };
        command.SetAction(parseResult =>
        {
            using var context = new CommandContext(parseResult);
            double d = EffectSize(parseResult.GetValue(effect), parseResult.GetValue(difference), parseResult.GetValue(sd));
            var result = ExperimentService.SampleSize(d, parseResult.GetValue(alpha), parseResult.GetValue(power));
            if (context.Output.IsJson)
            {
                context.Output.WriteJson(result);
            }
            else
            {
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{result.PerArm} people per arm ({result.Total} in all) for d = {result.EffectSize:0.###} at alpha {result.Alpha} and power {result.Power}."));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static double EffectSize(double? effect, double? difference, double? sd)
    {
        if (effect is { } d)
        {
            return difference is null && sd is null
                ? d
                : throw new CliException("--effect cannot be combined with --difference or --sd; pass one or the other.");
        }

        if (difference is { } x && sd is { } s)
        {
            return s > 0 ? x / s : throw new CliException($"--sd {s} is invalid; pass a positive standard deviation.");
        }

        throw new CliException((difference, sd) switch
        {
            ({ } given, null) => $"--difference {given.ToString(CultureInfo.InvariantCulture)} needs --sd S, the standard deviation of the outcome in the same unit.",
            (null, { } spread) => $"--sd {spread.ToString(CultureInfo.InvariantCulture)} needs --difference X, the raw difference to detect.",
            _ => "No effect given; pass --effect D, or --difference X with --sd S.",
        });
    }

    private static ExperimentArm ParseVariant(string text)
    {
        string[] parts = text.Split(':');
        if (parts.Length is < 2 or > 3
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double weight))
        {
            throw new CliException(
                $"--variant '{text}' is invalid; write NAME:WEIGHT or NAME:WEIGHT:ROUTINE_LENGTH, e.g. short:1:minimal.");
        }

        return new ExperimentArm(parts[0], weight, parts.Length == 3 ? parts[2] : null);
    }

    private static string Describe(ExperimentArm arm) =>
        string.Create(CultureInfo.InvariantCulture, $"{arm.Name} ({arm.Weight:0.###}{(arm.RoutineLength is { } l ? ", " + l : "")})");

    private static void WriteExperiment(CommandContext context, ExperimentView experiment)
    {
        if (context.Output.IsJson)
        {
            context.Output.WriteJson(experiment);
            return;
        }

        context.Output.WriteLine(
            $"Experiment '{experiment.Name}' is {experiment.Status}: {experiment.Measure} ({experiment.Better} is better), "
            + $"variants {string.Join(", ", experiment.Arms.Select(Describe))}, "
            + $"{experiment.PlannedPerArm} per arm over {experiment.Looks} {(experiment.Looks == 1 ? "look" : "looks")}.");
    }

    private static void WriteReport(CommandContext context, ExperimentReport report)
    {
        var experiment = report.Experiment;
        context.Output.WriteLine(
            $"{experiment.Name} ({experiment.Status}): {experiment.Measure}, {experiment.Better} is better; "
            + $"planned {experiment.PlannedPerArm} per arm over {experiment.Looks} {(experiment.Looks == 1 ? "look" : "looks")}.");
        context.Output.WriteLine($"Outcome: {report.OutcomeRule}.");
        var arms = new Table().AddColumn("Variant").AddColumn("Exposed").AddColumn("With outcome").AddColumn("Mean change");
        foreach (var arm in report.Arms)
        {
            arms.AddRow(Markup.Escape(arm.Variant), Count(arm.Exposed), Count(arm.WithOutcome), Format(arm.MeanOutcome, "+0.00;-0.00;0.00"));
        }

        context.Output.Console.Write(arms);
        // One two-column table per comparison, so the report fits an 80-column terminal however many fields it has.
        foreach (var row in report.Comparisons)
        {
            var comparison = new Table()
                .Title(Markup.Escape($"{row.Variant} vs {row.Control}"))
                .AddColumn("Measure of the difference")
                .AddColumn("Value");
            comparison.AddRow("Difference", Format(row.Difference, "+0.00;-0.00;0.00"));
            comparison.AddRow("95% CI", row.Lower is null ? "-" : $"{Format(row.Lower, "0.00")} to {Format(row.Upper, "0.00")}");
            comparison.AddRow("p (Welch, two-sided)", Format(row.PValue, "0.0000"));
            comparison.AddRow("Cohen's d (95% CI)", row.CohensD is null
                ? "-"
                : $"{Format(row.CohensD, "0.00")} ({Format(row.CohensDLower, "0.00")} to {Format(row.CohensDUpper, "0.00")})");
            comparison.AddRow("Favours", row.Favours);
            comparison.AddRow("Needed per arm", row.RequiredPerArm?.ToString(CultureInfo.InvariantCulture) ?? "-");
            comparison.AddRow("Look", string.Create(
                CultureInfo.InvariantCulture, $"{row.Look}/{experiment.Looks} ({row.InformationFraction * 100:0}% of the planned sample)"));
            comparison.AddRow("|z| vs boundary", row.Z is null || row.Boundary is null
                ? "-"
                : $"{Format(Math.Abs(row.Z.Value), "0.00")} vs {Format(row.Boundary, "0.00")}");
            comparison.AddRow("Decision", Markup.Escape(row.Decision));
            context.Output.Console.Write(comparison);
        }

        foreach (var row in report.Comparisons.Where(r => r.Message is not null))
        {
            context.Output.WriteLine($"{row.Variant}: {row.Message}");
        }
    }

    private static Task AuditAsync(
        Application.Composition.SkinsightServices services, AuditAction action, string operation, CancellationToken cancellationToken) =>
        services.Store.AddAuditAsync(new AuditEntry
        {
            At = DateTime.UtcNow,
            Action = action,
            Operation = operation,
            Purpose = "A/B experiment on plan variants",
        }, cancellationToken);

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Format(double? value, string format) =>
        value?.ToString(format, CultureInfo.InvariantCulture) ?? "-";
}
