using System.Buffers.Binary;
using System.CommandLine;
using System.Globalization;
using Skinsight.Application.Jobs;
using Skinsight.Cli.Infrastructure;
using Skinsight.Data;
using Skinsight.Data.Entities;
using Spectre.Console;

namespace Skinsight.Cli.Commands;

/// <summary><c>skinsight jobs list|retry|probe</c>: the operator's view of background analysis jobs in --db.</summary>
internal static class JobCommands
{
    private const string Purpose = "background job monitoring";

    // Wide enough for every column at its longest, a job error included (at most 500 characters).
    private const int UnwrappedWidth = 1000;

    public static Command Create() =>
        new("jobs", "Background analysis jobs in the store: list them by state, retry dead-letter ones, queue probes.")
        {
            CreateList(),
            CreateRetry(),
            CreateProbe(),
        };

    private static Command CreateList()
    {
        var state = new Option<string?>("--state")
        {
            Description = "Only jobs in this state: queued, running, succeeded, failed or deadLetter.",
            HelpName = "STATE",
        };
        var limit = new Option<int>("--limit")
        {
            Description = "Most jobs to list, newest first.",
            DefaultValueFactory = _ => 50,
            HelpName = "N",
        };
        var command = new Command("list", "List everyone's jobs newest first, with their state, attempts and last error.") { state, limit };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var context = new CommandContext(parseResult);
            JobState? filter = parseResult.GetValue(state) is { } name ? ParseState(name) : null;
            int count = parseResult.GetValue(limit);
            if (count < 1)
            {
                throw new CliException($"--limit is {count}; pass a positive number.");
            }

            var services = await context.ExistingServicesAsync(cancellationToken);
            var jobs = await services.Store.ListJobsForOperatorAsync(filter, count, cancellationToken);
            await AuditAsync(services.Store, AuditAction.Read, "cli jobs list", cancellationToken);
            if (context.Output.IsJson)
            {
                context.Output.WriteJson(new { Items = jobs });
                return ExitCodes.Success;
            }

            if (jobs.Count == 0)
            {
                context.Output.WriteLine(filter is { } only ? $"No jobs in state {StateName(only)}." : "No jobs.");
                return ExitCodes.Success;
            }

            // Piped output keeps one line per job, so that grep and cut see whole rows. Spectre would otherwise
            // wrap the table at the 80 columns it assumes when stdout is not a terminal.
            if (!context.Output.StdoutIsTerminal)
            {
                context.Output.Console.Profile.Width = UnwrappedWidth;
            }

            var table = new Table().AddFixedColumn("Job").AddFixedColumn("Kind").AddFixedColumn("State")
                .AddFixedColumn("Attempts").AddFixedColumn("Created").AddColumn("Error");
            foreach (var job in jobs)
            {
                table.AddRow(
                    job.Id.ToString(),
                    Markup.Escape(job.Kind),
                    job.State.ToString(),
                    $"{job.Attempts}/{job.MaxAttempts}",
                    job.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    Markup.Escape(job.LastError ?? ""));
            }

            context.Output.Console.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateRetry()
    {
        var id = new Argument<string>("JOB-ID") { Description = "Id of a dead-letter job, from 'skinsight jobs list --state deadLetter'." };
        var command = new Command("retry", "Queue a dead-letter job again with its attempts reset.") { id };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var context = new CommandContext(parseResult);
            string text = parseResult.GetValue(id) ?? "";
            if (!Guid.TryParse(text, out var jobId))
            {
                throw new CliException($"Job id '{text}' is not a GUID; copy it from 'skinsight jobs list'.");
            }

            var services = await context.ExistingServicesAsync(cancellationToken);
            var result = await services.Store.RetryJobAsync(jobId, cancellationToken);
            await AuditAsync(services.Store, AuditAction.Change, "cli jobs retry", cancellationToken);
            switch (result)
            {
                case JobRetryResult.NotFound:
                    throw new CliException($"Job {jobId} was not found in {services.Store.Spec.Description}; check the id with 'skinsight jobs list'.");
                case JobRetryResult.NotDeadLetter:
                    throw new CliException($"Job {jobId} is not in dead letter, so it cannot be retried; 'skinsight jobs list --state deadLetter' lists those that can.");
            }

            context.Output.WriteLine($"Job {jobId} is queued again.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateProbe()
    {
        var count = new Option<int>("--count")
        {
            Description = "Probe jobs to queue.", DefaultValueFactory = _ => 1, HelpName = "N",
        };
        var workMilliseconds = new Option<int>("--work-ms")
        {
            Description = "Milliseconds each probe waits in its worker, standing in for an analysis (0 to 10000).",
            DefaultValueFactory = _ => 0,
            HelpName = "MS",
        };
        var command = new Command("probe",
            "Queue probe jobs for the local person: they run the claim and completion path without image work, to check "
            + "that the workers of every instance run and to measure the queue.")
        {
            count, workMilliseconds,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var context = new CommandContext(parseResult);
            int jobs = parseResult.GetValue(count);
            int work = parseResult.GetValue(workMilliseconds);
            if (jobs < 1)
            {
                throw new CliException($"--count is {jobs}; pass a positive number.");
            }

            if (work < 0 || work > AnalysisJobService.MaxProbeWorkTime.TotalMilliseconds)
            {
                throw new CliException($"--work-ms is {work}; pass 0 to {AnalysisJobService.MaxProbeWorkTime.TotalMilliseconds} milliseconds.");
            }

            Guid person = await context.LocalPersonAsync(cancellationToken);
            var services = await context.ServicesAsync(cancellationToken);
            byte[] input = new byte[sizeof(uint)];
            BinaryPrimitives.WriteUInt32LittleEndian(input, (uint)work);
            for (int i = 0; i < jobs; i++)
            {
                await services.Store.AddJobAsync(person, JobKinds.Probe, input, services.Jobs.RetryPolicy.MaxAttempts, cancellationToken);
            }

            context.Output.WriteLine($"Queued {jobs} probe jobs of {work} ms.");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Returns the name of a state as --state and the API write it, such as deadLetter.</summary>
    private static string StateName(JobState state) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(state.ToString());

    private static JobState ParseState(string name) =>
        Enum.TryParse<JobState>(name, ignoreCase: true, out var state) && Enum.IsDefined(state) && !int.TryParse(name, out _)
            ? state
            : throw new CliException($"--state '{name}' is not a job state; pass queued, running, succeeded, failed or deadLetter.");

    private static Task AuditAsync(SkinsightStore store, AuditAction action, string operation, CancellationToken cancellationToken) =>
        store.AddAuditAsync(new AuditEntry
        {
            At = DateTime.UtcNow,
            Action = action,
            Operation = operation,
            Purpose = Purpose,
        }, cancellationToken);
}
