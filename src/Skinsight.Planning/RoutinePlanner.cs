using System.Runtime.CompilerServices;
using Skinsight.Catalog.Ingredients;
using Skinsight.Core.Analysis;
using Skinsight.Core.Catalog;
using Skinsight.Core.History;
using Skinsight.Core.Plans;
using Skinsight.Core.Profiles;
using Skinsight.Planning.Knowledge;
using Skinsight.Planning.Scoring;

namespace Skinsight.Planning;

/// <summary>
/// Builds a morning and evening routine from a profile, an optional photo analysis and a product catalog.
/// Safety rules are hard constraints applied before any ranking, and each rule that changes the plan adds a
/// <see cref="PlanWarning"/>. One instance is thread-safe and can serve many requests.
/// </summary>
public sealed class RoutinePlanner
{
    private readonly IIngredientKnowledge _knowledge;
    private readonly IProductScorer _scorer;

    // Per-catalog product facts, computed on first use of each catalog list and dropped with it.
    private readonly ConditionalWeakTable<IReadOnlyList<Product>, CatalogIndex> _indexes = [];

    public RoutinePlanner(IIngredientKnowledge knowledge, IProductScorer? scorer = null)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        _knowledge = knowledge;
        _scorer = scorer ?? new TransparentScorer();
    }

    /// <summary>Creates a planner over the catalog's ingredient knowledge, such as one loaded from a custom table.</summary>
    public RoutinePlanner(IngredientKnowledge knowledge, IProductScorer? scorer = null)
        : this(new CatalogKnowledge(knowledge), scorer)
    {
    }

    /// <summary>
    /// Creates a planner over the ingredient knowledge table shipped with Skinsight that ranks with the shipped
    /// review-trained model, or with the transparent scorer when the model file is missing.
    /// </summary>
    /// <param name="rankerModelPath">The ranker model file; null to look for <c>models/ranker/sephora-ranker.zip</c>.</param>
    /// <param name="annexes">EU Annex II and III for the prohibited-substance rule; null when not available.</param>
    public static RoutinePlanner CreateDefault(string? rankerModelPath = null, CosingAnnexes? annexes = null) =>
        new(CatalogKnowledge.LoadDefault(annexes), new LazyRankerScorer(rankerModelPath ?? LazyRankerScorer.FindDefaultModel()));

    /// <summary>The scorer that orders the candidates of each step.</summary>
    public IProductScorer Scorer => _scorer;

    /// <summary>
    /// Builds a plan. With an empty <paramref name="catalog"/> every step names ingredients instead of products.
    /// Reuse the same catalog list instance across calls so its product facts are computed once.
    /// </summary>
    /// <param name="history">Products the person owns, liked, disliked or reacted to; entries for products the
    /// catalog lacks are ignored.</param>
    public SkincarePlan Build(
        SkinProfile profile,
        SkinAnalysis? analysis,
        IReadOnlyList<Product> catalog,
        IReadOnlyList<ProductExperience>? history = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(catalog);

        CatalogIndex? index = catalog.Count == 0 ? null : _indexes.GetValue(catalog, c => new CatalogIndex(c, _knowledge));
        return new PlanBuilder(_knowledge, _scorer, profile, index, history).Build(analysis);
    }
}
