using System.CommandLine;
using System.Globalization;
using Skinsight.Application.History;
using Skinsight.Cli.Infrastructure;
using Skinsight.Core.History;
using Spectre.Console;

namespace Skinsight.Cli.Commands;

/// <summary><c>skinsight history add|list|remove</c>: the products the local person owns, liked, disliked or reacted to.</summary>
internal static class HistoryCommands
{
    private const string KindHelp = "owned, liked, disliked or reacted";

    public static Command Create() =>
        new("history", "Record the products you own, liked, disliked or reacted to; plans reuse owned ones and avoid "
            + "the ingredients behind reactions.")
        {
            CreateAdd(), CreateList(), CreateRemove(),
        };

    private static Command CreateAdd()
    {
        var product = new Argument<string>("PRODUCT") { Description = "Product key, e.g. sephora-2023:P473126 (see 'catalog search')." };
        var kind = new Argument<string>("KIND") { Description = $"What happened: {KindHelp}." };
        var note = new Option<string?>("--note") { Description = "Free text to keep with the entry, e.g. what the reaction looked like." };
        var command = new Command("add", "Record one product; recording the same product and kind again replaces the note.")
        {
            product, kind, note,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var context = new CommandContext(parseResult);
            ExperienceKind parsed = HistoryService.ParseKind(parseResult.GetRequiredValue(kind));
            var services = await context.ServicesAsync(cancellationToken);
            Guid person = await context.LocalPersonAsync(cancellationToken);
            ProductExperience entry = await services.History.RecordAsync(
                person, parseResult.GetRequiredValue(product), parsed, parseResult.GetValue(note), cancellationToken);
            if (context.Output.IsJson)
            {
                context.Output.WriteJson(entry);
            }
            else
            {
                context.Output.WriteLine($"Recorded {entry.ProductKey} as {entry.Kind.ToString().ToLowerInvariant()}.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateList()
    {
        var command = new Command("list", "List your recorded products, newest first.");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var context = new CommandContext(parseResult);
            var services = await context.ExistingServicesAsync(cancellationToken);
            Guid person = await context.LocalPersonAsync(cancellationToken);
            var entries = await services.History.ListAsync(person, cancellationToken);
            if (context.Output.IsJson)
            {
                context.Output.WriteJson(new { Items = entries });
                return ExitCodes.Success;
            }

            var table = new Table().AddFixedColumn("Product").AddFixedColumn("Kind").AddFixedColumn("Recorded").AddColumn("Note");
            foreach (ProductExperience entry in entries)
            {
                table.AddRow(
                    Markup.Escape(entry.ProductKey),
                    entry.Kind.ToString().ToLowerInvariant(),
                    entry.RecordedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    Markup.Escape(entry.Note ?? ""));
            }

            context.Output.Console.Write(table);
            context.Output.WriteLine($"{entries.Count} entries.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateRemove()
    {
        var product = new Argument<string>("PRODUCT") { Description = "Product key of the entries to remove." };
        var kind = new Option<string?>("--kind") { Description = $"Remove only this kind ({KindHelp}); all kinds when left out." };
        var command = new Command("remove", "Remove a product's entries from your history.") { product, kind };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var context = new CommandContext(parseResult);
            ExperienceKind? parsed = parseResult.GetValue(kind) is { } text ? HistoryService.ParseKind(text) : null;
            var services = await context.ExistingServicesAsync(cancellationToken);
            Guid person = await context.LocalPersonAsync(cancellationToken);
            string key = parseResult.GetRequiredValue(product);
            int removed = await services.History.RemoveAsync(person, key, parsed, cancellationToken);
            if (context.Output.IsJson)
            {
                context.Output.WriteJson(new { Removed = removed });
            }
            else
            {
                context.Output.WriteLine(removed == 0 ? $"No entries for {key} to remove." : $"Removed {removed} entries for {key}.");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
