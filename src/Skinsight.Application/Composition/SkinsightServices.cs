using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Skinsight.Application.Analyses;
using Skinsight.Application.Catalog;
using Skinsight.Application.Experiments;
using Skinsight.Application.History;
using Skinsight.Application.Jobs;
using Skinsight.Application.Plans;
using Skinsight.Application.Privacy;
using Skinsight.Application.Tracking;
using Skinsight.Catalog.Import;
using Skinsight.Catalog.Ingredients;
using Skinsight.Data;
using Skinsight.Data.Encryption;

namespace Skinsight.Application.Composition;

/// <summary>
/// The composition root shared by the CLI and the web host: one store, one analyzer, and the services over
/// them. Open it once per process; every member is safe to use from concurrent requests.
/// </summary>
public sealed class SkinsightServices : IDisposable
{
    private readonly ScreeningPhotoAnalyzer _photoAnalyzer;

    private SkinsightServices(
        SkinsightStore store,
        ScreeningPhotoAnalyzer photoAnalyzer,
        ILoggerFactory loggerFactory,
        string? referenceDataFolder)
    {
        Store = store;
        _photoAnalyzer = photoAnalyzer;
        Annexes = LoadAnnexes(referenceDataFolder, loggerFactory.CreateLogger<SkinsightServices>());
        var planner = RoutinePlannerAdapter.CreateDefault(Annexes);
        Analyses = new AnalysisService(store, photoAnalyzer);
        Plans = new PlanService(store, planner, photoAnalyzer);
        History = new HistoryService(store);
        Consents = new ConsentService(store);
        CheckIns = new CheckInService(store, photoAnalyzer);
        Progress = new ProgressService(store);
        Efficacy = new EfficacyService(store);
        Experiments = new ExperimentService(store);
        PersonalData = new PersonalDataService(store);
        Jobs = new AnalysisJobService(store, photoAnalyzer, Consents);
        CatalogImport = new CatalogImportService(
            store, new CatalogFileSource(), logger: loggerFactory.CreateLogger<CatalogImportService>());
        ProductDetails = new ProductDetailsService(
            store, referenceDataFolder, loggerFactory.CreateLogger<ProductDetailsService>());
    }

    public SkinsightStore Store { get; }

    public AnalysisService Analyses { get; }

    public PlanService Plans { get; }

    public HistoryService History { get; }

    public CatalogImportService CatalogImport { get; }

    public ConsentService Consents { get; }

    public CheckInService CheckIns { get; }

    public ProgressService Progress { get; }

    public EfficacyService Efficacy { get; }

    public ExperimentService Experiments { get; }

    public PersonalDataService PersonalData { get; }

    public AnalysisJobService Jobs { get; }

    public ProductDetailsService ProductDetails { get; }

    /// <summary>
    /// EU Annex II and III from the reference data folder, for the planner's prohibited-substance rule and the
    /// catalog search's annex filters. Null when the folder or its annex files are missing or unreadable.
    /// </summary>
    public CosingAnnexes? Annexes { get; }

    /// <summary>
    /// Opens the store named by <paramref name="dbSpec"/> (migrating it) with the key ring in
    /// <paramref name="keyFolder"/> (null: <see cref="KeyRingOptions.Resolve"/>), and builds the services.
    /// </summary>
    /// <param name="referenceDataFolder">
    /// Folder of the ingredient reference data; null to find it with <see cref="ReferenceDataFolder.Resolve"/>.
    /// </param>
    /// <exception cref="StoreException">The store value is invalid, the database cannot be opened, or the keys cannot be used.</exception>
    public static async Task<SkinsightServices> OpenAsync(
        string? dbSpec,
        ILoggerFactory? loggerFactory = null,
        string? keyFolder = null,
        string? referenceDataFolder = null,
        CancellationToken cancellationToken = default)
    {
        var store = await StoreFactory.OpenAsync(dbSpec, KeyRingOptions.Resolve(keyFolder), cancellationToken);
        return new SkinsightServices(
            store,
            ScreeningPhotoAnalyzer.CreateDefault(),
            loggerFactory ?? NullLoggerFactory.Instance,
            ReferenceDataFolder.Resolve(referenceDataFolder));
    }

    public void Dispose() => _photoAnalyzer.Dispose();

    private static CosingAnnexes? LoadAnnexes(string? referenceDataFolder, ILogger logger)
    {
        string? folder = referenceDataFolder is null ? null : Path.Combine(referenceDataFolder, IngredientReferenceData.AnnexesPath);
        try
        {
            CosingAnnexes? annexes = CosingAnnexes.TryLoadFolder(folder);
            if (annexes is null && folder is null)
            {
                logger.LogWarning(
                    "No reference data folder was found, so the planner's Annex II rule and the search's annex filters "
                    + "are off; pass --data DIR or set {Variable} to the folder that holds {Annexes}",
                    ReferenceDataFolder.EnvironmentVariable, IngredientReferenceData.AnnexesPath);
            }
            else if (annexes is null)
            {
                logger.LogWarning(
                    "EU annex data not found in {Folder}, so the planner's Annex II rule and the search's annex filters are off",
                    folder);
            }

            return annexes;
        }
        catch (CatalogFormatException ex)
        {
            logger.LogWarning(ex, "EU annex data in {Folder} is unreadable, so the Annex II rule and the annex filters are off", folder);
            return null;
        }
    }
}
