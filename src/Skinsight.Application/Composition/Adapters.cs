using Skinsight.Application.Ports;
using Skinsight.Catalog.Import;
using Skinsight.Catalog.Ingredients;
using Skinsight.Core.Analysis;
using Skinsight.Core.Catalog;
using Skinsight.Core.History;
using Skinsight.Core.Plans;
using Skinsight.Core.Profiles;
using Skinsight.Planning;

namespace Skinsight.Application.Composition;

/// <summary>Reads catalogs with the formats of Skinsight.Catalog.</summary>
internal sealed class CatalogFileSource : ICatalogSource
{
    public IEnumerable<CatalogRow> Read(
        string path, string? formatName, IReadOnlyDictionary<string, string>? columnMap)
    {
        ColumnMap? map = columnMap is null ? null : ColumnMaps.FromFields(columnMap);
        long bytesRead = 0;
        var position = new InlineProgress<long>(value => bytesRead = value);
        foreach (ImportRecord record in CatalogReader.Read(path, formatName, map, position))
        {
            yield return new CatalogRow(record.RowNumber, record.Product, record.SkipReason, bytesRead);
        }
    }

    /// <summary>Calls the action at once on the reporting thread; <see cref="Progress{T}"/> would post it elsewhere.</summary>
    private sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}

/// <summary>Builds routines with the planner of Skinsight.Planning over the curated ingredient knowledge.</summary>
internal sealed class RoutinePlannerAdapter(RoutinePlanner planner) : IPlanner
{
    public static RoutinePlannerAdapter CreateDefault(CosingAnnexes? annexes) =>
        new(RoutinePlanner.CreateDefault(annexes: annexes));

    public SkincarePlan Build(
        SkinProfile profile, SkinAnalysis? analysis, IReadOnlyList<Product> products, IReadOnlyList<ProductExperience> history) =>
        planner.Build(profile, analysis, products, history);
}
