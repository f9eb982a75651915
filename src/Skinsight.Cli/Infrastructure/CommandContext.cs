using System.CommandLine;
using Skinsight.Application.Composition;
using Skinsight.Data;
using Skinsight.Data.Entities;

namespace Skinsight.Cli.Infrastructure;

/// <summary>What one command invocation works with: its output and, opened on first use, the services.</summary>
internal sealed class CommandContext(ParseResult parseResult) : IDisposable
{
    private SkinsightServices? _services;

    public ParseResult ParseResult { get; } = parseResult;

    public CliOutput Output { get; } = new(
        parseResult.GetValue(GlobalOptions.Json),
        parseResult.InvocationConfiguration.Output,
        parseResult.InvocationConfiguration.Error);

    public string? DatabaseSpec => GlobalOptions.DatabaseSpec(ParseResult);

    /// <summary>
    /// Opens the store (creating and migrating it on first use) and the services over it, for commands that write.
    /// Commands that only read use <see cref="ExistingServicesAsync"/>.
    /// </summary>
    public async Task<SkinsightServices> ServicesAsync(CancellationToken cancellationToken) =>
        _services ??= await SkinsightServices.OpenAsync(
            DatabaseSpec, keyFolder: GlobalOptions.KeyFolder(ParseResult), cancellationToken: cancellationToken);

    /// <summary>
    /// Opens the services over a store that must exist already, for commands that only read, so a mistyped --db
    /// fails instead of creating an empty database. Opening never creates a PostgreSQL database, so only a SQLite
    /// file is checked.
    /// </summary>
    /// <exception cref="CliException">The SQLite file does not exist.</exception>
    public Task<SkinsightServices> ExistingServicesAsync(CancellationToken cancellationToken)
    {
        if (_services is null)
        {
            var spec = StoreFactory.Resolve(DatabaseSpec);
            if (spec.Provider == StoreProvider.Sqlite && !File.Exists(spec.Description))
            {
                throw new CliException(
                    $"The database {spec.Description} does not exist; check --db (or {StoreFactory.EnvironmentVariable}), or create it with a command that writes, such as 'skinsight serve' or 'skinsight catalog import'.");
            }
        }

        return ServicesAsync(cancellationToken);
    }

    /// <summary>Returns the id of the local person the CLI acts as.</summary>
    public async Task<Guid> LocalPersonAsync(CancellationToken cancellationToken)
    {
        var services = await ServicesAsync(cancellationToken);
        Person person = await services.Store.GetOrCreateDefaultPersonAsync(cancellationToken);
        return person.Id;
    }

    public void Dispose() => _services?.Dispose();
}
