using System.Text.Json;
using System.Text.Json.Serialization;

namespace Skinsight.Ranking.Suitability;

/// <summary>
/// Scores of a saved suitability model and its two baselines on one data folder, with percentile bootstrap 95%
/// intervals. The JSON key of each property is fixed, whatever serializer options a caller uses.
/// </summary>
public sealed record SuitabilityReport
{
    /// <summary>Labelled products scored.</summary>
    [JsonPropertyName("n")]
    public int N { get; init; }

    [JsonPropertyName("unlabelledRowsLeftOut")]
    public int UnlabelledRowsLeftOut { get; init; }

    /// <summary>Rows the catalog reader could not import (mostly no ingredient list), so not scored.</summary>
    [JsonPropertyName("rowsSkipped")]
    public int RowsSkipped { get; init; }

    /// <summary>The model's F1 per flag, keyed by flag name.</summary>
    [JsonPropertyName("perFlagF1")]
    public IReadOnlyDictionary<string, double> PerFlagF1 { get; init; } = new Dictionary<string, double>();

    /// <summary>
    /// The model's ROC AUC per flag: whether its probabilities rank suitable products above unsuitable ones,
    /// independent of the threshold. NaN (written as null) when the folder has only one class of that flag.
    /// </summary>
    [JsonPropertyName("perFlagAuc")]
    public IReadOnlyDictionary<string, double?> PerFlagAuc { get; init; } = new Dictionary<string, double?>();

    [JsonPropertyName("macroF1")]
    public double MacroF1 { get; init; }

    [JsonPropertyName("macroF1Interval")]
    public required Interval MacroF1Interval { get; init; }

    [JsonPropertyName("baselineMajorityMacroF1")]
    public double BaselineMajorityMacroF1 { get; init; }

    [JsonPropertyName("baselineMajorityMacroF1Interval")]
    public required Interval BaselineMajorityMacroF1Interval { get; init; }

    [JsonPropertyName("baselineNeighbourMacroF1")]
    public double BaselineNeighbourMacroF1 { get; init; }

    [JsonPropertyName("baselineNeighbourMacroF1Interval")]
    public required Interval BaselineNeighbourMacroF1Interval { get; init; }

    /// <summary>Model macro-F1 minus the majority baseline's.</summary>
    [JsonPropertyName("gainOverMajority")]
    public double GainOverMajority { get; init; }

    [JsonPropertyName("gainOverMajorityInterval")]
    public required Interval GainOverMajorityInterval { get; init; }

    /// <summary>Model macro-F1 minus the nearest-neighbour baseline's.</summary>
    [JsonPropertyName("gainOverNeighbour")]
    public double GainOverNeighbour { get; init; }

    [JsonPropertyName("gainOverNeighbourInterval")]
    public required Interval GainOverNeighbourInterval { get; init; }

    [JsonPropertyName("baselineMajorityPerFlagF1")]
    public IReadOnlyDictionary<string, double> BaselineMajorityPerFlagF1 { get; init; } = new Dictionary<string, double>();

    [JsonPropertyName("baselineNeighbourPerFlagF1")]
    public IReadOnlyDictionary<string, double> BaselineNeighbourPerFlagF1 { get; init; } = new Dictionary<string, double>();

    [JsonPropertyName("neighbourK")]
    public int NeighbourK { get; init; }

    /// <summary>Similarity of the model's near-duplicate rule (<see cref="NearDuplicateRule"/>); null when it is off.</summary>
    [JsonPropertyName("nearDuplicateMinSimilarity")]
    public double? NearDuplicateMinSimilarity { get; init; }

    /// <summary>Product flags the near-duplicate rule turned from suitable to not suitable on this folder.</summary>
    [JsonPropertyName("nearDuplicateFlagsCleared")]
    public int NearDuplicateFlagsCleared { get; init; }

    [JsonPropertyName("bootstrapResamples")]
    public int BootstrapResamples { get; init; }

    [JsonPropertyName("bootstrapSeed")]
    public int BootstrapSeed { get; init; }

    /// <summary>Returns the report as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, SuitabilityJson.Indented);
}
