using Microsoft.EntityFrameworkCore;
using Skinsight.Core.Analysis;
using Skinsight.Data.Entities;

namespace Skinsight.Data;

public sealed partial class SkinsightStore
{
    /// <summary>
    /// Stores one check-in of <paramref name="personId"/> with its values and steps, and the photo's analysis
    /// when given, in one transaction.
    /// </summary>
    /// <param name="checkIn">The check-in; its ids, person ids and creation time are set here.</param>
    /// <param name="photoNeedsConsent">As for <see cref="AddAnalysisAsync"/>.</param>
    /// <returns>The new check-in id.</returns>
    /// <exception cref="PersonNotFoundException">The person does not exist.</exception>
    /// <exception cref="PlanNotFoundException">A step names a plan the person does not have.</exception>
    /// <exception cref="CheckInConflictException">
    /// The person already has a value of one of the check-in's kinds, from the same photo mode for a photo value,
    /// measured at the same time.
    /// </exception>
    public async Task<Guid> AddCheckInAsync(
        Guid personId,
        CheckInRecord checkIn,
        SkinAnalysis? analysis,
        ReadOnlyMemory<byte>? photo,
        CancellationToken cancellationToken = default,
        bool photoNeedsConsent = false)
    {
        ArgumentNullException.ThrowIfNull(checkIn);
        await using var context = CreateContext();
        await using var transaction = await BeginWriteAsync(context, cancellationToken);
        await LockPersonForPhotoAsync(context, personId, cancellationToken);
        foreach (Guid planId in checkIn.Steps.Select(s => s.PlanId).Distinct())
        {
            if (!await context.Plans.AnyAsync(p => p.PersonId == personId && p.Id == planId, cancellationToken))
            {
                throw new PlanNotFoundException(personId, planId);
            }
        }

        await RejectSameTimeValuesAsync(context, personId, checkIn, cancellationToken);
        checkIn.Id = Guid.CreateVersion7();
        checkIn.PersonId = personId;
        checkIn.CreatedAt = DateTime.UtcNow;
        if (analysis is not null)
        {
            (photo, analysis) = await KeepPhotoIfConsentedAsync(
                context, personId, photo, analysis, photoNeedsConsent, cancellationToken);
            var analysisRecord = NewAnalysisRecord(personId, analysis, photo);
            context.Analyses.Add(analysisRecord);
            checkIn.AnalysisId = analysisRecord.Id;
            checkIn.PhotoQuality = analysis.Quality.Score;
        }

        foreach (var value in checkIn.Values)
        {
            value.CheckInId = checkIn.Id;
            value.PersonId = personId;
        }

        foreach (var step in checkIn.Steps)
        {
            step.CheckInId = checkIn.Id;
            step.PersonId = personId;
        }

        context.CheckIns.Add(checkIn);
        await SaveAsync(context, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return checkIn.Id;
    }

    // Runs inside the write transaction after the person's lock, so two copies of one check-in sent at once
    // cannot both pass the check. A series is one kind from one photo mode, so a face photo and a close-up taken
    // at the same time do not clash.
    private static async Task RejectSameTimeValuesAsync(
        SkinsightContext context, Guid personId, CheckInRecord checkIn, CancellationToken cancellationToken)
    {
        var kinds = checkIn.Values.Select(v => v.Kind).Distinct().ToList();
        var times = checkIn.Values.Select(v => v.MeasuredAt).Distinct().ToList();
        if (kinds.Count == 0)
        {
            return;
        }

        var stored = await context.CheckInValues
            .Where(v => v.PersonId == personId && kinds.Contains(v.Kind) && times.Contains(v.MeasuredAt))
            .Select(v => new { v.Kind, v.Mode, v.MeasuredAt })
            .ToListAsync(cancellationToken);
        var clash = checkIn.Values.FirstOrDefault(
            v => stored.Any(s => s.Kind == v.Kind && s.Mode == v.Mode && s.MeasuredAt == v.MeasuredAt));
        if (clash is not null)
        {
            throw new CheckInConflictException(clash.Kind, clash.MeasuredAt, clash.Mode);
        }
    }

    /// <summary>
    /// Deletes one check-in of <paramref name="personId"/> with its values, its steps, and its photo's analysis and
    /// stored photo, in one transaction.
    /// </summary>
    /// <returns>False when the person has no check-in <paramref name="checkInId"/>, another person's included.</returns>
    public async Task<bool> DeleteCheckInAsync(Guid personId, Guid checkInId, CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        await using var transaction = await BeginWriteAsync(context, cancellationToken);
        var found = await context.CheckIns
            .Where(c => c.PersonId == personId && c.Id == checkInId)
            .Select(c => new { c.AnalysisId })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return false;
        }

        // Rows are deleted child first, as in DeletePersonAsync, so the result does not depend on cascades.
        await context.CheckInSteps.Where(s => s.CheckInId == checkInId).ExecuteDeleteAsync(cancellationToken);
        await context.CheckInValues.Where(v => v.CheckInId == checkInId).ExecuteDeleteAsync(cancellationToken);
        await context.CheckIns.Where(c => c.Id == checkInId).ExecuteDeleteAsync(cancellationToken);
        if (found.AnalysisId is { } analysisId)
        {
            // The analysis was stored for this check-in alone. Plans are built from analyses of their own, so the
            // update below finds no plan unless a future path shares an analysis with a plan.
            await context.Plans
                .Where(p => p.PersonId == personId && p.AnalysisId == analysisId)
                .ExecuteUpdateAsync(update => update.SetProperty(p => p.AnalysisId, (Guid?)null), cancellationToken);
            await context.Photos.Where(p => p.PersonId == personId && p.AnalysisId == analysisId).ExecuteDeleteAsync(cancellationToken);
            await context.Analyses.Where(a => a.PersonId == personId && a.Id == analysisId).ExecuteDeleteAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Lists the check-ins of <paramref name="personId"/>, newest first, with their values and steps.</summary>
    public async Task<IReadOnlyList<CheckInRecord>> ListCheckInsAsync(
        Guid personId,
        int limit = 100,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var context = CreateContext();
        return await context.CheckIns
            .AsNoTracking()
            .Where(c => c.PersonId == personId)
            .OrderByDescending(c => c.TakenAt)
            .ThenByDescending(c => c.Id)
            .Take(limit)
            .Include(c => c.Values)
            .Include(c => c.Steps)
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Reads everything the progress dashboard of <paramref name="personId"/> needs: every value ordered by
    /// kind and time, the photo quality of each check-in, and every step use.
    /// </summary>
    public async Task<CheckInHistory> LoadCheckInHistoryAsync(Guid personId, CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        var values = await context.CheckInValues
            .AsNoTracking()
            .Where(v => v.PersonId == personId)
            .OrderBy(v => v.Kind)
            .ThenBy(v => v.MeasuredAt)
            .ToListAsync(cancellationToken);
        var checkIns = await context.CheckIns
            .AsNoTracking()
            .Where(c => c.PersonId == personId)
            .OrderBy(c => c.TakenAt)
            .Select(c => new CheckInSummary(c.Id, c.TakenAt, c.PhotoQuality, c.AnalysisId))
            .ToListAsync(cancellationToken);
        var steps = await context.CheckInSteps
            .AsNoTracking()
            .Where(s => s.PersonId == personId)
            .ToListAsync(cancellationToken);
        return new CheckInHistory(checkIns, values, steps);
    }

    /// <summary>
    /// Reads the check-in history of every person who has research consent now, under one of
    /// <paramref name="consentTextVersions"/>, for pooled analyses such as the ingredient efficacy report. People
    /// are read one at a time, and people without that consent are not read.
    /// </summary>
    /// <remarks>
    /// The only method that reads personal records across people. Callers must replace the person ids by
    /// pseudonyms before results leave the process, as <c>EfficacyService</c> does.
    /// </remarks>
    public async IAsyncEnumerable<(Guid PersonId, CheckInHistory History)> ReadResearchCheckInHistoriesAsync(
        IReadOnlyCollection<string> consentTextVersions,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(consentTextVersions);
        List<Guid> people;
        await using (var context = CreateContext())
        {
            var consenting = context.Consents
                .Where(c => c.Purpose == ConsentPurpose.Research && c.WithdrawnAt == null
                    && consentTextVersions.Contains(c.TextVersion))
                .Select(c => c.PersonId);
            people = await context.CheckIns
                .AsNoTracking()
                .Where(c => consenting.Contains(c.PersonId))
                .Select(c => c.PersonId)
                .Distinct()
                .OrderBy(id => id)
                .ToListAsync(cancellationToken);
        }

        foreach (var personId in people)
        {
            yield return (personId, await LoadCheckInHistoryAsync(personId, cancellationToken));
        }
    }
}

/// <summary>One check-in without its values: id, time, photo quality and analysis id.</summary>
public sealed record CheckInSummary(Guid Id, DateTime TakenAt, double? PhotoQuality, Guid? AnalysisId);

/// <summary>Every check-in, value and step use of one person, as the dashboard reads them.</summary>
public sealed record CheckInHistory(
    IReadOnlyList<CheckInSummary> CheckIns,
    IReadOnlyList<CheckInValueRecord> Values,
    IReadOnlyList<CheckInStepRecord> Steps);
