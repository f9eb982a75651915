using Skinsight.Core.Analysis;
using Skinsight.Core.Catalog;
using Skinsight.Core.History;
using Skinsight.Core.Plans;
using Skinsight.Core.Profiles;

namespace Skinsight.Application.Ports;

/// <summary>Builds a routine. The host adapts <c>Skinsight.Planning.RoutinePlanner</c> to it.</summary>
public interface IPlanner
{
    /// <summary>
    /// Builds a plan from a profile, an optional analysis (rejected ones included) and the catalog. Throws for
    /// a profile it cannot plan for, and the plan service then stores nothing.
    /// </summary>
    /// <param name="history">The person's recorded products, used to reuse owned ones and avoid reactions.</param>
    SkincarePlan Build(
        SkinProfile profile, SkinAnalysis? analysis, IReadOnlyList<Product> products, IReadOnlyList<ProductExperience> history);
}
