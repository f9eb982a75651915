using Microsoft.EntityFrameworkCore;
using Skinsight.Core.Analysis;
using Skinsight.Data.Entities;

namespace Skinsight.Data;

public sealed partial class SkinsightStore
{
    /// <summary>Stores a new running experiment; its id, status and creation time are set here.</summary>
    /// <exception cref="ExperimentConflictException">The name is taken, or another experiment is running.</exception>
    public async Task<ExperimentRecord> AddExperimentAsync(ExperimentRecord experiment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        await using var context = CreateContext();
        if (await context.Experiments.AnyAsync(e => e.Name == experiment.Name, cancellationToken))
        {
            throw NameTaken(experiment.Name);
        }

        // Plans are built under the running experiment, so two running ones would each want to set the plan.
        if (await RunningExperimentNameAsync(context, cancellationToken) is { } running)
        {
            throw StillRunning(running);
        }

        experiment.Id = Guid.CreateVersion7();
        experiment.Status = ExperimentStatus.Running;
        experiment.CreatedAt = DateTime.UtcNow;
        experiment.StoppedAt = null;
        context.Experiments.Add(experiment);
        try
        {
            await SaveAsync(context, cancellationToken);
        }
        catch (DbUpdateException ex) when (IsUniqueViolation(ex))
        {
            // A concurrent request stored an experiment of the same name, or started another one, after the checks
            // above. The unique indexes on the name and on the running status tell the two apart only by name, so
            // the store is read again.
            await using var fresh = CreateContext();
            if (await fresh.Experiments.AnyAsync(e => e.Name == experiment.Name, cancellationToken))
            {
                throw NameTaken(experiment.Name);
            }

            throw StillRunning(await RunningExperimentNameAsync(fresh, cancellationToken));
        }

        return experiment;
    }

    private static Task<string?> RunningExperimentNameAsync(SkinsightContext context, CancellationToken cancellationToken) =>
        context.Experiments
            .Where(e => e.Status == ExperimentStatus.Running)
            .Select(e => e.Name)
            .FirstOrDefaultAsync(cancellationToken);

    private static ExperimentConflictException NameTaken(string name) =>
        new($"An experiment named '{name}' already exists; choose another name.");

    // The name is null when the experiment that blocked this one was stopped again before it could be read.
    private static ExperimentConflictException StillRunning(string? name)
    {
        string running = name ?? "NAME";
        string blocker = name is null ? "Another experiment was started at the same time" : $"Experiment '{name}' is still running";
        return new($"{blocker} and only one may run at a time; stop it first with `skinsight experiment stop {running}` or "
            + $"POST /api/experiments/{running}/stop.");
    }

    /// <summary>Returns the experiment named <paramref name="name"/>, or null.</summary>
    public async Task<ExperimentRecord?> FindExperimentAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        return await context.Experiments.AsNoTracking().SingleOrDefaultAsync(e => e.Name == name, cancellationToken);
    }

    /// <summary>Returns the running experiment, or null when none runs.</summary>
    public async Task<ExperimentRecord?> FindRunningExperimentAsync(CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        return await context.Experiments
            .AsNoTracking()
            .Where(e => e.Status == ExperimentStatus.Running)
            .OrderBy(e => e.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Lists every experiment, newest first.</summary>
    public async Task<IReadOnlyList<ExperimentRecord>> ListExperimentsAsync(CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        return await context.Experiments
            .AsNoTracking()
            .OrderByDescending(e => e.CreatedAt)
            .ThenByDescending(e => e.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Stops a running experiment, so nobody new is assigned.</summary>
    /// <returns>False when no running experiment has that name.</returns>
    public async Task<bool> StopExperimentAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        var now = DateTime.UtcNow;
        int changed = await context.Experiments
            .Where(e => e.Name == name && e.Status == ExperimentStatus.Running)
            .ExecuteUpdateAsync(
                set => set.SetProperty(e => e.Status, ExperimentStatus.Stopped).SetProperty(e => e.StoppedAt, now),
                cancellationToken);
        return changed > 0;
    }

    /// <summary>
    /// Logs the first exposure of <paramref name="personId"/> to <paramref name="variant"/> of an experiment and
    /// returns it. When the person was exposed before, the stored exposure is returned unchanged.
    /// </summary>
    /// <exception cref="PersonNotFoundException">The person does not exist.</exception>
    public async Task<ExposureRecord> LogExposureAsync(
        Guid experimentId,
        Guid personId,
        string variant,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(variant);
        await using var context = CreateContext();
        await EnsurePersonExistsAsync(context, personId, cancellationToken);
        var exposure = await AddExposureIfMissingAsync(context, experimentId, personId, variant, cancellationToken);
        try
        {
            await SaveAsync(context, cancellationToken);
            return exposure;
        }
        catch (DbUpdateException)
        {
            // A concurrent request logged the same exposure between the lookup and the insert, and the unique
            // index rejected this copy, so the stored row is the first exposure.
            return await FindExposureAsync(experimentId, personId, cancellationToken) ?? throw new InvalidOperationException(
                $"The exposure of person {personId} to experiment {experimentId} failed to save and is not stored.");
        }
    }

    /// <summary>Returns the exposure of <paramref name="personId"/> to an experiment, or null when there is none.</summary>
    public async Task<ExposureRecord?> FindExposureAsync(Guid experimentId, Guid personId, CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        return await context.Exposures
            .AsNoTracking()
            .SingleOrDefaultAsync(e => e.ExperimentId == experimentId && e.PersonId == personId, cancellationToken);
    }

    /// <summary>Lists the experiment exposures of <paramref name="personId"/>, oldest first, with the experiment names.</summary>
    public async Task<IReadOnlyList<PersonExposure>> ListExposuresAsync(Guid personId, CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        return await context.Exposures
            .AsNoTracking()
            .Where(e => e.PersonId == personId)
            .OrderBy(e => e.ExposedAt)
            .Join(context.Experiments, e => e.ExperimentId, x => x.Id, (e, x) => new PersonExposure(x.Name, e.Variant, e.ExposedAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Reads, for every person exposed to an experiment, their exposure and their values of
    /// <paramref name="measure"/> ordered by time. People who withdrew their analysis consent and hold none now
    /// are left out; erased people have no rows left. A photo measure is read from face photos only, because a
    /// close-up measures a different area and its values form a separate series.
    /// </summary>
    /// <remarks>
    /// Reads personal records across people for the operator's experiment report. Callers must return only
    /// aggregates, as <c>ExperimentService</c> does.
    /// </remarks>
    public async Task<IReadOnlyList<ExposureOutcome>> LoadExposureOutcomesAsync(
        Guid experimentId,
        string measure,
        CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        var withdrawn = context.Consents
            .Where(c => c.Purpose == ConsentPurpose.Analysis)
            .GroupBy(c => c.PersonId)
            .Where(g => g.All(c => c.WithdrawnAt != null))
            .Select(g => g.Key);
        var exposures = await context.Exposures
            .AsNoTracking()
            .Where(e => e.ExperimentId == experimentId && !withdrawn.Contains(e.PersonId))
            .OrderBy(e => e.PersonId)
            .ToListAsync(cancellationToken);
        var people = exposures.Select(e => e.PersonId).ToList();
        var values = await context.CheckInValues
            .AsNoTracking()
            .Where(v => v.Kind == measure && people.Contains(v.PersonId)
                && (v.Source != CheckInValueSource.Photo || v.Mode == AnalysisMode.Face))
            .OrderBy(v => v.MeasuredAt)
            .ToListAsync(cancellationToken);
        var byPerson = values.ToLookup(v => v.PersonId, v => new MeasuredValue(v.MeasuredAt, v.Value));
        return exposures.Select(e => new ExposureOutcome(e, byPerson[e.PersonId].ToList())).ToList();
    }

    private static async Task<ExposureRecord> AddExposureIfMissingAsync(
        SkinsightContext context,
        Guid experimentId,
        Guid personId,
        string variant,
        CancellationToken cancellationToken)
    {
        var existing = await context.Exposures
            .AsNoTracking()
            .SingleOrDefaultAsync(e => e.ExperimentId == experimentId && e.PersonId == personId, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        var exposure = new ExposureRecord
        {
            ExperimentId = experimentId,
            PersonId = personId,
            Variant = variant,
            ExposedAt = DateTime.UtcNow,
        };
        context.Exposures.Add(exposure);
        return exposure;
    }
}

/// <summary>The experiment arm a plan is built under.</summary>
public sealed record PlanArm(Guid ExperimentId, string Variant);

/// <summary>One exposure of one person, named by the experiment.</summary>
public sealed record PersonExposure(string Experiment, string Variant, DateTime ExposedAt);

/// <summary>One value of a measure at a time in UTC.</summary>
public sealed record MeasuredValue(DateTime MeasuredAt, double Value);

/// <summary>One person's exposure to an experiment and their values of its measure, oldest first.</summary>
public sealed record ExposureOutcome(ExposureRecord Exposure, IReadOnlyList<MeasuredValue> Values);
