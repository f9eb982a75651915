using System.CommandLine;
using Skinsight.Cli.Infrastructure;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Hosting;
using Skinsight.Web.Hosting;

namespace Skinsight.Cli.Commands;

/// <summary><c>skinsight serve [--urls URL] [--overlays DIR] [--uploads-per-minute N] [--json-logs] [--data DIR] [--workers N]</c></summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Addresses to listen on, separated by ';'. The default listens on loopback only.",
            DefaultValueFactory = _ => WebHostOptions.DefaultUrls,
            HelpName = "URL",
        };
        var overlays = new Option<DirectoryInfo?>("--overlays")
        {
            Description = "Folder for overlay PNGs of analyses made through the API.",
            HelpName = "DIR",
        };

        var uploadsPerMinute = new Option<int>("--uploads-per-minute")
        {
            Description = "Photo and catalog uploads one client address may send per minute; 0 turns the limit off.",
            DefaultValueFactory = _ => WebHostOptions.DefaultUploadsPerMinute,
            HelpName = "N",
        };

        var signInsPerMinute = new Option<int>("--sign-ins-per-minute")
        {
            Description = "Sign-ups and sign-ins one client address may send per minute; 0 turns the limit off.",
            DefaultValueFactory = _ => WebHostOptions.DefaultSignInsPerMinute,
            HelpName = "N",
        };

        var jsonLogs = new Option<bool>("--json-logs")
        {
            Description = "Write logs as one JSON object per line, with the request id, route, status, duration and "
                + "a pseudonym of the person, for a log collector.",
        };

        var workers = new Option<int>("--workers")
        {
            Description = "Background analysis job workers in this instance; 0 serves the API only.",
            DefaultValueFactory = _ => 1,
            HelpName = "N",
        };
        var jobPoll = new Option<double>("--job-poll")
        {
            Description = "Seconds an idle job worker waits before it looks for a job again (up to 8 times longer while the queue stays empty).",
            DefaultValueFactory = _ => 1,
            HelpName = "SECONDS",
        }.PointDecimal();
        var jobLease = new Option<double>("--job-lease")
        {
            Description = "Seconds a claimed job stays with its worker without a renewal. The worker renews it every third of this "
                + "while the job runs, so this is how long a stopped worker's job waits before another worker reclaims it.",
            DefaultValueFactory = _ => 120,
            HelpName = "SECONDS",
        }.PointDecimal();

        var data = ReferenceDataOption.Create();

        var command = new Command("serve", "Run the HTTP API (OpenAPI at /openapi/v1.json) and the web page.")
        {
            urls, overlays, uploadsPerMinute, signInsPerMinute, jsonLogs, data, workers, jobPoll, jobLease,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var options = new WebHostOptions(
                GlobalOptions.DatabaseSpec(parseResult),
                parseResult.GetRequiredValue(urls),
                parseResult.GetValue(overlays)?.FullName ?? WebHostOptions.DefaultOverlayDirectory)
            {
                KeyFolder = GlobalOptions.KeyFolder(parseResult),
                UploadsPerMinute = parseResult.GetValue(uploadsPerMinute),
                SignInsPerMinute = parseResult.GetValue(signInsPerMinute),
                ReferenceDataFolder = parseResult.GetValue(data)?.FullName,
                JsonLogs = parseResult.GetValue(jsonLogs),
                ModelFolder = Path.Combine(SkinsightHome.Find(), "models"),
                Workers = parseResult.GetValue(workers),
                JobPollInterval = PositiveSeconds(parseResult.GetValue(jobPoll), "--job-poll"),
                JobLease = PositiveSeconds(parseResult.GetValue(jobLease), "--job-lease"),
            };
            if (options.Workers < 0)
            {
                throw new CliException($"--workers is {options.Workers}; pass 0 (API only) or a positive number.");
            }

            if (options.UploadsPerMinute < 0)
            {
                throw new CliException($"--uploads-per-minute is {options.UploadsPerMinute}; pass 0 (no limit) or a positive number.");
            }

            if (options.SignInsPerMinute < 0)
            {
                throw new CliException($"--sign-ins-per-minute is {options.SignInsPerMinute}; pass 0 (no limit) or a positive number.");
            }

            ServeAddresses.ThrowIfInUse(options.Urls);
            await using var app = await SkinsightWebApp.CreateAsync(options);
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (IOException ex) when (ex.InnerException is AddressInUseException)
            {
                // Another program took the port after the check above; the host has logged the details.
                throw ServeAddresses.InUse(options.Urls);
            }

            await parseResult.InvocationConfiguration.Error.WriteLineAsync(
                $"skinsight: serving on {options.Urls} (Ctrl+C stops)");
            await app.WaitForShutdownAsync(cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }

    private static TimeSpan PositiveSeconds(double seconds, string option) =>
        seconds > 0 && double.IsFinite(seconds)
            ? TimeSpan.FromSeconds(seconds)
            : throw new CliException($"{option} is {seconds}; pass a positive number of seconds.");
}
