using Skinsight.Core;
using Skinsight.Application.Analyses;
using Skinsight.Application.Experiments;
using Skinsight.Application.Ports;
using Skinsight.Core.Analysis;
using Skinsight.Core.Catalog;
using Skinsight.Core.Plans;
using Skinsight.Core.Profiles;
using Skinsight.Data;

namespace Skinsight.Application.Plans;

/// <summary>Builds a plan for one person from their profile, an optional photo and the stored catalog, and stores it.</summary>
/// <remarks>
/// One instance may serve many requests. It keeps the loaded product list while the catalog's
/// <see cref="CatalogVersion"/> stays the same, because the planner caches product facts per list instance.
/// </remarks>
/// <param name="storePhotos">Whether the photo bytes are kept with the analysis. With false, only the result is kept.</param>
public sealed class PlanService(SkinsightStore store, IPlanner planner, IPhotoAnalyzer analyzer, bool storePhotos = true)
{
    /// <summary>Rule id of the warning added when an experiment arm shortened the routine.</summary>
    public const string ExperimentVariantRule = "experiment-variant";

    private readonly ExperimentService _experiments = new(store);
    private volatile CatalogSnapshot? _catalog;

    /// <summary>Product categories the planner is given, which are all except <see cref="ProductCategory.Other"/>.</summary>
    public static IReadOnlyList<ProductCategory> SkincareCategories { get; } =
        Enum.GetValues<ProductCategory>().Where(c => c != ProductCategory.Other).ToArray();

    /// <summary>
    /// Builds and stores a plan. With a photo, the photo is analysed first and its analysis (rejected or not)
    /// is given to the planner and stored with the plan in one transaction. Nothing is stored when any step
    /// fails. While an experiment runs, the plan is built under the person's arm, which may shorten the routine.
    /// The plan records the arm, and the person's first exposure is stored with it.
    /// </summary>
    /// <exception cref="InvalidInputException">The photo is given but empty.</exception>
    /// <exception cref="PersonNotFoundException">The person does not exist.</exception>
    /// <remarks>Whatever the analyzer or the planner throws propagates unchanged.</remarks>
    /// <param name="keepPhoto">False when the person has not consented to keeping photos, so only the result is stored.</param>
    /// <param name="photoNeedsConsent">As for <see cref="AnalysisService.AnalyzeAsync"/>.</param>
    public async Task<PlanResult> BuildAsync(
        Guid personId,
        SkinProfile profile,
        ReadOnlyMemory<byte>? photo = null,
        CancellationToken cancellationToken = default,
        bool keepPhoto = true,
        bool photoNeedsConsent = false)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (photo is { } bytes)
        {
            AnalysisService.RequirePhoto(bytes);
        }

        _ = await store.FindPersonAsync(personId, cancellationToken) ?? throw new PersonNotFoundException(personId);

        SkinAnalysis? analysis = photo is { } photoBytes ? analyzer.Analyze(photoBytes.Span, null) : null;
        var products = await LoadCatalogAsync(cancellationToken);
        var history = await store.ListExperiencesAsync(personId, cancellationToken);
        var variant = await _experiments.VariantForPlanAsync(personId, cancellationToken);
        var plan = BuildUnder(variant, profile, analysis, products, history);
        var arm = variant?.Arm;

        if (analysis is null || !analysis.Quality.Accepted)
        {
            // A rejected photo still informs the plan (its concerns are empty, its reasons reach the caller),
            // but neither it nor its analysis is stored.
            var planId = await store.AddPlanAsync(personId, profile, plan, null, cancellationToken, arm);
            return new PlanResult(planId, plan, null, analysis);
        }

        // The kept copy is re-encoded, so the store never contains the upload's EXIF or GPS metadata.
        ReadOnlyMemory<byte>? storedPhoto = storePhotos && keepPhoto && photo is { } kept
            ? analyzer.PrepareForStorage(kept.Span)
            : (ReadOnlyMemory<byte>?)null;
        var (analysisId, newPlanId) = await store.AddAnalysisWithPlanAsync(
            personId, analysis, storedPhoto, profile, plan, cancellationToken, arm, photoNeedsConsent);
        return new PlanResult(newPlanId, plan, analysisId, analysis);
    }

    /// <summary>
    /// Builds the plan with the routine length of the arm when it is shorter than the profile's, and adds a
    /// warning that states the shorter length. The stored profile stays as the person gave it.
    /// </summary>
    private SkincarePlan BuildUnder(
        PlanVariant? variant,
        SkinProfile profile,
        SkinAnalysis? analysis,
        IReadOnlyList<Product> products,
        IReadOnlyList<Core.History.ProductExperience> history)
    {
        if (variant?.RoutineLength is not { } length || length >= profile.RoutineLength)
        {
            return planner.Build(profile, analysis, products, history);
        }

        var plan = planner.Build(profile with { RoutineLength = length }, analysis, products, history);
        var note = new PlanWarning(
            ExperimentVariantRule,
            $"This plan is built under variant '{variant.Arm.Variant}' of the experiment '{variant.Experiment}', "
            + $"which uses a {length.ToString().ToLowerInvariant()} routine instead of the "
            + $"{profile.RoutineLength.ToString().ToLowerInvariant()} one in your profile.");
        return plan with { Warnings = [.. plan.Warnings, note] };
    }

    private async Task<IReadOnlyList<Product>> LoadCatalogAsync(CancellationToken cancellationToken)
    {
        var version = await store.GetCatalogVersionAsync(cancellationToken);
        var cached = _catalog;
        if (cached is not null && cached.Version == version)
        {
            return cached.Products;
        }

        // Two requests may both reload after an import. The last one wins, and both lists are correct.
        var products = await store.LoadProductsAsync(SkincareCategories, cancellationToken);
        _catalog = new CatalogSnapshot(version, products);
        return products;
    }

    private sealed record CatalogSnapshot(CatalogVersion Version, IReadOnlyList<Product> Products);
}

/// <summary>A stored plan with its id, and the analysis of the photo it used, if any.</summary>
public sealed record PlanResult(Guid PlanId, SkincarePlan Plan, Guid? AnalysisId, SkinAnalysis? Analysis);
