using System.Text.Json;
using System.Text.Json.Nodes;
using Skinsight.Core.Serialization;

namespace Skinsight.Application.Plans;

/// <summary>
/// The one JSON shape of a built plan, shared by <c>skinsight plan --json</c> and <c>POST /api/plans</c>: the
/// plan's own fields at the top level, plus <c>planId</c>, <c>analysisId</c> and <c>analysis</c>.
/// </summary>
public static class PlanJson
{
    public static JsonObject Compose(PlanResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var node = JsonSerializer.SerializeToNode(result.Plan, SkinsightJson.Options)!.AsObject();
        node["planId"] = result.PlanId.ToString();
        node["analysisId"] = result.AnalysisId?.ToString();
        node["analysis"] = result.Analysis is null ? null : JsonSerializer.SerializeToNode(result.Analysis, SkinsightJson.Options);
        return node;
    }
}
