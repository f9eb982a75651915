using Microsoft.EntityFrameworkCore;
using Skinsight.Core.Plans;
using Skinsight.Core.Profiles;
using Skinsight.Data.Entities;

namespace Skinsight.Data;

public sealed partial class SkinsightStore
{
    /// <summary>Stores one plan of <paramref name="personId"/>, built from <paramref name="profile"/>.</summary>
    /// <param name="analysisId">The analysis the plan used, which must belong to the same person.</param>
    /// <param name="arm">The experiment arm the plan was built under; its exposure is logged unless one exists.</param>
    /// <returns>The new plan id.</returns>
    /// <exception cref="PersonNotFoundException">The person does not exist.</exception>
    /// <exception cref="AnalysisNotFoundException">The person has no analysis with <paramref name="analysisId"/>.</exception>
    public async Task<Guid> AddPlanAsync(
        Guid personId,
        SkinProfile profile,
        SkincarePlan plan,
        Guid? analysisId,
        CancellationToken cancellationToken = default,
        PlanArm? arm = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(plan);

        // A concurrent plan of the same person may log the arm's exposure first, and then the second run finds it.
        return await RetryOnUniqueViolationAsync(async () =>
        {
            await using var context = CreateContext();
            await EnsurePersonExistsAsync(context, personId, cancellationToken);
            if (analysisId is { } id
                && !await context.Analyses.AnyAsync(a => a.PersonId == personId && a.Id == id, cancellationToken))
            {
                throw new AnalysisNotFoundException(personId, id);
            }

            var record = NewPlanRecord(personId, profile, plan, analysisId, arm);
            context.Plans.Add(record);
            await AddArmExposureAsync(context, personId, arm, cancellationToken);
            await SaveAsync(context, cancellationToken);
            return record.Id;
        });
    }

    /// <summary>Returns one plan of <paramref name="personId"/>, or null when that person has no such plan.</summary>
    public async Task<PlanRecord?> FindPlanAsync(Guid personId, Guid planId, CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        return await context.Plans
            .AsNoTracking()
            .SingleOrDefaultAsync(p => p.PersonId == personId && p.Id == planId, cancellationToken);
    }

    /// <summary>Lists the plans of <paramref name="personId"/>, newest first.</summary>
    public async Task<IReadOnlyList<PlanRecord>> ListPlansAsync(
        Guid personId,
        int limit = 100,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var context = CreateContext();
        return await context.Plans
            .AsNoTracking()
            .Where(p => p.PersonId == personId)
            .OrderByDescending(p => p.CreatedAt)
            .ThenByDescending(p => p.Id)
            .Take(limit)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Deserialises the <see cref="SkincarePlan"/> stored in <paramref name="record"/>.</summary>
    /// <exception cref="StoreException">The stored JSON is damaged.</exception>
    public static SkincarePlan ReadPlan(PlanRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return StoreJson.Deserialize<SkincarePlan>(record.PlanJson, $"plan {record.Id}");
    }

    /// <summary>Deserialises the <see cref="SkinProfile"/> stored in <paramref name="record"/>.</summary>
    /// <exception cref="StoreException">The stored JSON is damaged.</exception>
    public static SkinProfile ReadProfile(PlanRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return StoreJson.Deserialize<SkinProfile>(record.ProfileJson, $"profile of plan {record.Id}");
    }

    // NOTE: two plans of one person saved at the same moment under a new experiment both insert the first
    // exposure. The unique index then rejects the second plan, and building it again succeeds.
    private static async Task AddArmExposureAsync(
        SkinsightContext context, Guid personId, PlanArm? arm, CancellationToken cancellationToken)
    {
        if (arm is not null)
        {
            await AddExposureIfMissingAsync(context, arm.ExperimentId, personId, arm.Variant, cancellationToken);
        }
    }

    private static PlanRecord NewPlanRecord(
        Guid personId, SkinProfile profile, SkincarePlan plan, Guid? analysisId, PlanArm? arm = null) =>
        new()
        {
            Id = Guid.CreateVersion7(),
            PersonId = personId,
            CreatedAt = DateTime.UtcNow,
            ProfileJson = StoreJson.Serialize(profile),
            PlanJson = StoreJson.Serialize(plan),
            AnalysisId = analysisId,
            ExperimentId = arm?.ExperimentId,
            ExperimentVariant = arm?.Variant,
        };
}
