using System.Runtime.CompilerServices;
using Skinsight.Catalog.Ingredients;
using Skinsight.Core.Analysis;
using Skinsight.Core.Catalog;
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

    /// <summary>Creates a planner over the ingredient knowledge table shipped with Skinsight and the transparent scorer.</summary>
    public static RoutinePlanner CreateDefault() => new(CatalogKnowledge.LoadDefault());

    /// <summary>
    /// Builds a plan. With an empty <paramref name="catalog"/> every step names ingredients instead of products.
    /// Reuse the same catalog list instance across calls so its product facts are computed once.
    /// </summary>
    public SkincarePlan Build(SkinProfile profile, SkinAnalysis? analysis, IReadOnlyList<Product> catalog)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(catalog);

        CatalogIndex? index = catalog.Count == 0 ? null : _indexes.GetValue(catalog, c => new CatalogIndex(c, _knowledge));
        return new PlanBuilder(_knowledge, _scorer, profile, index).Build(analysis);
    }
}
