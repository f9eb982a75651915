using Skinsight.Core;
using Skinsight.Core.Analysis;
using Skinsight.Core.Profiles;
using Skinsight.Data;
using Skinsight.Data.Entities;
using Skinsight.Tracking.CheckIns;
using Skinsight.Tracking.Experiments;
using Skinsight.Tracking.Trends;

namespace Skinsight.Application.Experiments;

/// <summary>Creates A/B experiments on plan variants, assigns people to their arms and reports the outcome.</summary>
/// <remarks>
/// Assignment is deterministic: <see cref="VariantAssigner"/> hashes the experiment name with the person id, so
/// every process gives a person the same arm without reading the store. The first exposure is stored once.
/// </remarks>
public sealed class ExperimentService(SkinsightStore store)
{
    /// <summary>Significance level of the test, the interval (95%) and the stop rule.</summary>
    public const double Alpha = 0.05;

    /// <summary>Power behind <see cref="ArmComparison.RequiredPerArm"/>.</summary>
    public const double Power = 0.8;

    /// <summary>Most looks the stop rule accepts.</summary>
    public const int MaxLooks = 10;

    /// <summary>The outcome rule shown with every report.</summary>
    public const string OutcomeRule =
        "each person's latest value after exposure minus their last value at or before it; "
        + "people without both values are counted as exposed but not compared";

    private static readonly string[] s_photoMeasures =
    [
        MeasureNames.Redness, MeasureNames.Spots, MeasureNames.Shine, MeasureNames.Texture, MeasureNames.Wrinkles,
        MeasureNames.Pores, MeasureNames.Acne, MeasureNames.DarkCircles, MeasureNames.Evenness,
    ];

    /// <summary>Every measure name an experiment may compare.</summary>
    public static IReadOnlyList<string> Measures { get; } =
        [.. s_photoMeasures, .. ValueKinds.Ratings.Keys, .. ValueKinds.Sensors.Keys];

    /// <summary>Validates and stores a new running experiment.</summary>
    /// <exception cref="InvalidInputException">A field is invalid; the message names it.</exception>
    /// <exception cref="ExperimentConflictException">The name is taken or another experiment is running.</exception>
    public async Task<ExperimentView> CreateAsync(ExperimentRequest request, CancellationToken cancellationToken = default)
    {
        var record = ExperimentValidation.ToRecord(request);
        return ToView(await store.AddExperimentAsync(record, cancellationToken));
    }

    public async Task<IReadOnlyList<ExperimentView>> ListAsync(CancellationToken cancellationToken = default) =>
        (await store.ListExperimentsAsync(cancellationToken)).Select(ToView).ToList();

    /// <summary>Stops a running experiment so nobody new is assigned.</summary>
    /// <exception cref="ExperimentNotFoundException">No experiment has that name.</exception>
    public async Task<ExperimentView> StopAsync(string name, CancellationToken cancellationToken = default)
    {
        var experiment = await FindAsync(name, cancellationToken);
        if (experiment.Status == ExperimentStatus.Running)
        {
            await store.StopExperimentAsync(name, cancellationToken);
        }

        return ToView(await FindAsync(name, cancellationToken));
    }

    /// <summary>
    /// Assigns <paramref name="personId"/> to a variant of the experiment and logs the exposure unless one is
    /// stored. A person exposed before keeps the stored variant and time, even after the experiment stopped.
    /// </summary>
    /// <exception cref="ExperimentNotFoundException">No experiment has that name.</exception>
    /// <exception cref="InvalidInputException">The experiment is stopped and the person was never exposed.</exception>
    public async Task<ExperimentAssignment> AssignAsync(Guid personId, string name, CancellationToken cancellationToken = default)
    {
        var experiment = await FindAsync(name, cancellationToken);
        if (await store.FindExposureAsync(experiment.Id, personId, cancellationToken) is { } earlier)
        {
            return new ExperimentAssignment(experiment.Name, earlier.Variant, earlier.ExposedAt);
        }

        if (experiment.Status != ExperimentStatus.Running)
        {
            throw new InvalidInputException(
                $"Experiment '{name}' is stopped, so it assigns nobody new; create a new experiment instead.");
        }

        string variant = Assign(experiment, personId);
        var exposure = await store.LogExposureAsync(experiment.Id, personId, variant, cancellationToken);
        return new ExperimentAssignment(experiment.Name, exposure.Variant, exposure.ExposedAt);
    }

    /// <summary>
    /// Returns the arm of the running experiment that a plan for <paramref name="personId"/> is built under and
    /// the routine length it allows, or null when no experiment runs or the person has not consented to
    /// experiments. The exposure is logged with the plan.
    /// </summary>
    public async Task<PlanVariant?> VariantForPlanAsync(Guid personId, CancellationToken cancellationToken = default)
    {
        var experiment = await store.FindRunningExperimentAsync(cancellationToken);
        if (experiment is null
            || await store.FindConsentAsync(personId, ConsentPurpose.Experiments, cancellationToken) is null)
        {
            return null;
        }

        // A person exposed before keeps that variant, even if the arms' weights were changed in the database.
        var earlier = await store.FindExposureAsync(experiment.Id, personId, cancellationToken);
        string variant = earlier?.Variant ?? Assign(experiment, personId);
        var arm = ReadArms(experiment).FirstOrDefault(a => a.Name == variant);
        RoutineLength? cap = arm?.RoutineLength is { } length ? Enum.Parse<RoutineLength>(length, ignoreCase: true) : null;
        return new PlanVariant(experiment.Name, new PlanArm(experiment.Id, variant), cap);
    }

    /// <summary>Computes the report of an experiment from its stored exposures and check-in values.</summary>
    /// <exception cref="ExperimentNotFoundException">No experiment has that name.</exception>
    public async Task<ExperimentReport> ReportAsync(string name, CancellationToken cancellationToken = default)
    {
        var experiment = await FindAsync(name, cancellationToken);
        var arms = ReadArms(experiment);
        var outcomes = await store.LoadExposureOutcomesAsync(experiment.Id, experiment.Measure, cancellationToken);

        var exposedByArm = arms.ToDictionary(a => a.Name, _ => 0, StringComparer.Ordinal);
        var changesByArm = arms.ToDictionary(a => a.Name, _ => new List<double>(), StringComparer.Ordinal);
        foreach (var outcome in outcomes)
        {
            if (!exposedByArm.ContainsKey(outcome.Exposure.Variant))
            {
                // NOTE: an exposure to a variant no longer among the arms (the row was edited by hand) is left out.
                continue;
            }

            exposedByArm[outcome.Exposure.Variant]++;
            if (OutcomeOf(outcome) is { } change)
            {
                changesByArm[outcome.Exposure.Variant].Add(change);
            }
        }

        var summaries = arms
            .Select(a => new ArmSummary(
                a.Name,
                exposedByArm[a.Name],
                changesByArm[a.Name].Count,
                changesByArm[a.Name].Count > 0 ? changesByArm[a.Name].Average() : null))
            .ToList();
        var design = SequentialBoundary.ObrienFleming(experiment.Looks, Alpha);
        var control = arms[0].Name;
        var comparisons = arms
            .Skip(1)
            .Select(a => ExperimentAnalysis.Compare(
                experiment, design, control, changesByArm[control], a.Name, changesByArm[a.Name]))
            .ToList();
        return new ExperimentReport(ToView(experiment), OutcomeRule, summaries, comparisons);
    }

    /// <summary>Returns the people needed per arm to detect Cohen's d = <paramref name="effectSize"/>.</summary>
    /// <exception cref="InvalidInputException">The effect is 0 or not finite, or alpha or power is outside (0, 1).</exception>
    public static SampleSizeResult SampleSize(double effectSize, double alpha = Alpha, double power = Power)
    {
        ExperimentValidation.RequireEffectSize(effectSize);
        ExperimentValidation.RequireProbability(alpha, "alpha", Alpha);
        ExperimentValidation.RequireProbability(power, "power", Power);
        int perArm = ExperimentStatistics.SampleSizePerArm(effectSize, alpha, power);
        return new SampleSizeResult(effectSize, alpha, power, perArm, 2 * perArm);
    }

    /// <summary>
    /// Returns the change of the measure from the last value at or before exposure to the latest value after
    /// it, or null when either is missing.
    /// </summary>
    internal static double? OutcomeOf(ExposureOutcome outcome)
    {
        var exposedAt = outcome.Exposure.ExposedAt;
        var before = outcome.Values.LastOrDefault(v => v.MeasuredAt <= exposedAt);
        var after = outcome.Values.LastOrDefault(v => v.MeasuredAt > exposedAt);
        return before is null || after is null ? null : after.Value - before.Value;
    }

    private async Task<ExperimentRecord> FindAsync(string name, CancellationToken cancellationToken) =>
        await store.FindExperimentAsync(name, cancellationToken) ?? throw new ExperimentNotFoundException(name);

    private static string Assign(ExperimentRecord experiment, Guid personId) =>
        VariantAssigner.Assign(
            experiment.Name,
            personId.ToString("D"),
            ReadArms(experiment).Select(a => new Variant(a.Name, a.Weight)).ToList());

    private static IReadOnlyList<ExperimentArm> ReadArms(ExperimentRecord experiment) =>
        StoreJson.Deserialize<List<ExperimentArm>>(experiment.ArmsJson, $"arms of experiment {experiment.Name}");

    private static ExperimentView ToView(ExperimentRecord record) => new(
        record.Name,
        record.Hypothesis,
        ReadArms(record),
        record.Measure,
        record.Better,
        record.PlannedPerArm,
        record.Looks,
        record.Status.ToString().ToLowerInvariant(),
        record.CreatedAt,
        record.StoppedAt);

    /// <summary>Returns the direction a measure improves in, or null for context values such as the weather.</summary>
    internal static BetterDirection? DefaultBetter(string measure) => ValueKinds.Find(measure).Better;
}

/// <summary>The arm a new plan is built under.</summary>
/// <param name="RoutineLength">The longest routine the arm allows, or null when it leaves the profile's choice.</param>
public sealed record PlanVariant(string Experiment, PlanArm Arm, RoutineLength? RoutineLength);

/// <summary>No experiment has the given name.</summary>
public sealed class ExperimentNotFoundException(string name)
    : InvalidInputException($"Experiment '{name}' was not found; pass one of the names that `skinsight experiment list` "
        + "or GET /api/experiments shows.")
{
    public override int StatusCode => 404;
}
