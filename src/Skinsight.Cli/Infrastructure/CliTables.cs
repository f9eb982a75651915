using Spectre.Console;

namespace Skinsight.Cli.Infrastructure;

/// <summary>Table helpers that keep text output readable in an 80-column terminal.</summary>
internal static class CliTables
{
    /// <summary>
    /// Adds a column whose cells never wrap, for ids, dates and numbers that a line break would garble. The other
    /// columns share the remaining width and wrap between words.
    /// </summary>
    public static Table AddFixedColumn(this Table table, string header, Justify alignment = Justify.Left) =>
        table.AddColumn(new TableColumn(header).NoWrap().Alignment(alignment));

    /// <summary>
    /// Creates a two-column grid for numbered items, so each item's wrapped lines stay indented under its text instead of
    /// starting at the left edge.
    /// </summary>
    public static Grid CreateNumberedList() =>
        new Grid()
            .AddColumn(new GridColumn().NoWrap().PadRight(1).Alignment(Justify.Right))
            .AddColumn(new GridColumn().PadRight(0));
}
