using System.CommandLine;
using Skinsight.Application.Composition;
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

    /// <summary>Opens the store (creating and migrating it on first use) and the services over it.</summary>
    public async Task<SkinsightServices> ServicesAsync(CancellationToken cancellationToken) =>
        _services ??= await SkinsightServices.OpenAsync(
            DatabaseSpec, keyFolder: GlobalOptions.KeyFolder(ParseResult), cancellationToken: cancellationToken);

    /// <summary>Returns the id of the local person the CLI acts as.</summary>
    public async Task<Guid> LocalPersonAsync(CancellationToken cancellationToken)
    {
        var services = await ServicesAsync(cancellationToken);
        Person person = await services.Store.GetOrCreateDefaultPersonAsync(cancellationToken);
        return person.Id;
    }

    public void Dispose() => _services?.Dispose();
}
