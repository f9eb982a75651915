using Skinsight.Application.Ports;
using Skinsight.Application.Privacy;
using Skinsight.Core.Analysis;
using Skinsight.Data;
using Skinsight.Data.Entities;
using Skinsight.Tracking;
using Skinsight.Tracking.CheckIns;

namespace Skinsight.Application.Tracking;

/// <summary>Validates and stores check-ins: photo measures, self-ratings, sensor readings and step use.</summary>
public sealed class CheckInService(SkinsightStore store, IPhotoAnalyzer analyzer, TimeProvider? clock = null)
{
    // Sensor clocks drift and uploads from wearables arrive late, so a reading may be this far from its
    // check-in. A reading further apart describes another day's skin.
    private static readonly TimeSpan s_maxReadingOffset = TimeSpan.FromDays(1);

    // Allowed clock skew between a client and the server for "not in the future" and "not before the plan".
    private static readonly TimeSpan s_futureTolerance = TimeSpan.FromMinutes(5);

    // A time before this date is taken to be a typo or a placeholder date such as 1900-01-01.
    private static readonly DateTimeOffset s_earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>
    /// Validates <paramref name="request"/>, analyses the photo when given, and stores the check-in with the
    /// analysis in one transaction. A photo the quality gate rejects stores nothing.
    /// </summary>
    /// <remarks>
    /// Ratings and readings are health data, so every check-in needs the person's analysis consent. The CLI's local
    /// person (<see cref="Person.DefaultHandle"/>) is the machine's owner and needs none, as for <c>analyze</c>.
    /// </remarks>
    /// <exception cref="ConsentRequiredException">The person has no current analysis consent.</exception>
    /// <exception cref="TrackingException">A value, unit, time or step is invalid, or the check-in is empty.</exception>
    /// <exception cref="PersonNotFoundException">The person does not exist.</exception>
    /// <exception cref="PlanNotFoundException">A step names a plan the person does not have.</exception>
    /// <param name="keepPhoto">False when the person has not consented to keeping photos, so only the measures are stored.</param>
    /// <param name="photoNeedsConsent">As for <see cref="Analyses.AnalysisService.AnalyzeAsync"/>.</param>
    public async Task<CheckInResult> AddAsync(
        Guid personId,
        CheckInRequest request,
        ReadOnlyMemory<byte>? photo,
        CancellationToken cancellationToken = default,
        bool keepPhoto = true,
        bool photoNeedsConsent = false)
    {
        ArgumentNullException.ThrowIfNull(request);
        await RequireConsentAsync(personId, cancellationToken);
        var record = BuildRecord(request);
        if (record.Values.Count == 0 && record.Steps.Count == 0 && photo is null)
        {
            throw new TrackingException(
                "The check-in is empty; send a photo, a self-rating, a sensor reading or the routine steps used.");
        }

        await RequireKnownStepsAsync(personId, record, cancellationToken);
        SkinAnalysis? analysis = null;
        bool measuresLeftOut = false;
        if (photo is { } bytes)
        {
            Analyses.AnalysisService.RequirePhoto(bytes);
            _ = await store.FindPersonAsync(personId, cancellationToken) ?? throw new PersonNotFoundException(personId);
            analysis = analyzer.Analyze(bytes.Span, overlayDirectory: null);
            if (!analysis.Quality.Accepted)
            {
                return new CheckInResult(null, analysis);
            }

            // The scores of a close-up of one spot describe that spot, so they would break the skin's trends.
            measuresLeftOut = LesionCloseUp.Applies(analysis);
            if (!measuresLeftOut)
            {
                AddMeasures(record, analysis);
            }
        }

        // Without consent to keep photos, the measures are stored and the photo itself is not. A kept photo is
        // re-encoded, so the store never holds the upload's EXIF or GPS metadata.
        ReadOnlyMemory<byte>? storedPhoto = keepPhoto && photo is { } kept
            ? analyzer.PrepareForStorage(kept.Span)
            : (ReadOnlyMemory<byte>?)null;
        var id = await store.AddCheckInAsync(personId, record, analysis, storedPhoto, cancellationToken, photoNeedsConsent);
        return new CheckInResult(id, analysis) { PhotoMeasuresLeftOut = measuresLeftOut };
    }

    private async Task RequireConsentAsync(Guid personId, CancellationToken cancellationToken)
    {
        var person = await store.FindPersonAsync(personId, cancellationToken) ?? throw new PersonNotFoundException(personId);
        if (!store.IsDefaultPerson(person)
            && await store.FindConsentAsync(personId, ConsentPurpose.Analysis, cancellationToken) is null)
        {
            throw new ConsentRequiredException(ConsentTexts.For(ConsentPurpose.Analysis));
        }
    }

    private async Task RequireKnownStepsAsync(Guid personId, CheckInRecord record, CancellationToken cancellationToken)
    {
        foreach (var byPlan in record.Steps.GroupBy(s => s.PlanId))
        {
            var planRecord = await store.FindPlanAsync(personId, byPlan.Key, cancellationToken)
                ?? throw new PlanNotFoundException(personId, byPlan.Key);
            var created = DateTime.SpecifyKind(planRecord.CreatedAt, DateTimeKind.Utc);
            if (record.TakenAt < created - s_futureTolerance)
            {
                throw new TrackingException(
                    $"Plan {byPlan.Key} was created at {created:O}, after the check-in time "
                    + $"{DateTime.SpecifyKind(record.TakenAt, DateTimeKind.Utc):O}; report only steps of plans that existed then.");
            }

            var plan = SkinsightStore.ReadPlan(planRecord);
            foreach (var step in byPlan)
            {
                int count = step.Routine == "am" ? plan.Am.Count : plan.Pm.Count;
                if (step.StepIndex >= count)
                {
                    throw new TrackingException(
                        $"Plan {byPlan.Key} has {count} {step.Routine} steps, so step {step.StepIndex} does not exist; steps count from 0.");
                }
            }
        }
    }

    private CheckInRecord BuildRecord(CheckInRequest request)
    {
        var now = _clock.GetUtcNow();
        var time = request.Time ?? now;
        if (time > now + s_futureTolerance)
        {
            throw new TrackingException($"The check-in time {time:O} is in the future; send the time the skin was checked.");
        }

        if (time < s_earliest)
        {
            throw new TrackingException(
                $"The check-in time {time:O} is before 2000-01-01; send the time the skin was checked.");
        }

        var record = new CheckInRecord { TakenAt = time.UtcDateTime };
        foreach (var (name, value) in request.Ratings ?? new Dictionary<string, double>())
        {
            var kind = ValueKinds.ValidateRating(name, value);
            record.Values.Add(NewValue(CheckInValueSource.Rating, kind, value, null, time));
        }

        foreach (var reading in request.Readings ?? [])
        {
            record.Values.Add(ValidateReading(reading, time, now));
        }

        foreach (var step in request.Steps ?? [])
        {
            record.Steps.Add(ValidateStep(step));
        }

        RejectDuplicates(record);
        return record;
    }

    private static CheckInValueRecord ValidateReading(ReadingInput? reading, DateTimeOffset checkInTime, DateTimeOffset now)
    {
        if (reading is null)
        {
            throw new TrackingException(
                "The check-in has a null reading; send each reading as an object such as "
                + "{\"kind\": \"hydration\", \"value\": 42, \"unit\": \"AU\"}.");
        }

        var (kind, value) = ValueKinds.ValidateReading(reading.Kind, reading.Value, reading.Unit);
        var time = reading.Time ?? checkInTime;
        if (time < s_earliest)
        {
            throw new TrackingException(
                $"The {reading.Kind} reading time {time:O} is before 2000-01-01; send the time it was measured.");
        }

        if (time > now + s_futureTolerance || (time - checkInTime).Duration() > s_maxReadingOffset)
        {
            throw new TrackingException(
                $"The {reading.Kind} reading time {time:O} is in the future or more than a day from the check-in at {checkInTime:O}; send it with its own check-in.");
        }

        return NewValue(CheckInValueSource.Sensor, kind, value, null, time);
    }

    private static CheckInStepRecord ValidateStep(StepUseInput? step)
    {
        if (step is null)
        {
            throw new TrackingException(
                "The check-in has a null step; send each step as an object such as "
                + "{\"planId\": \"PLAN-ID\", \"routine\": \"am\", \"step\": 0}.");
        }

        string routine = step.Routine?.Trim().ToLowerInvariant() ?? "";
        if (routine is not ("am" or "pm"))
        {
            throw new TrackingException($"Routine '{step.Routine}' of plan {step.PlanId} is unknown; use am or pm.");
        }

        if (step.Step < 0)
        {
            throw new TrackingException($"Step {step.Step} of plan {step.PlanId} is negative; steps count from 0.");
        }

        if (!(step.Used is >= 0 and <= 1))
        {
            throw new TrackingException(
                $"The share of use {step.Used} for {routine} step {step.Step} of plan {step.PlanId} is outside 0 to 1; "
                + "send the share of planned days the step was used, such as 0.5.");
        }

        return new CheckInStepRecord { PlanId = step.PlanId, Routine = routine, StepIndex = step.Step, Used = step.Used };
    }

    private static void RejectDuplicates(CheckInRecord record)
    {
        var duplicate = record.Values.GroupBy(v => v.Kind).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new TrackingException($"The check-in has {duplicate.Key} {duplicate.Count()} times; send one value per kind.");
        }

        var step = record.Steps.GroupBy(s => (s.PlanId, s.Routine, s.StepIndex)).FirstOrDefault(g => g.Count() > 1);
        if (step is not null)
        {
            throw new TrackingException(
                $"The check-in lists {step.Key.Routine} step {step.Key.StepIndex} of plan {step.Key.PlanId} twice; send each step once.");
        }
    }

    private static void AddMeasures(CheckInRecord record, SkinAnalysis analysis)
    {
        foreach (var (name, measure) in analysis.Metrics)
        {
            if (record.Values.Any(v => v.Kind == name))
            {
                throw new TrackingException($"The check-in sends {name} both as a value and as a photo measure; send it once.");
            }

            var kind = ValueKinds.Measure(name);
            var value = NewValue(CheckInValueSource.Photo, kind, measure.Score, measure.Noise, record.TakenAt);
            value.Mode = analysis.Mode;
            record.Values.Add(value);
        }
    }

    private static CheckInValueRecord NewValue(
        CheckInValueSource source, ValueKind kind, double value, double? noise, DateTimeOffset time) =>
        new()
        {
            Source = source,
            Kind = kind.Name,
            Value = value,
            Unit = kind.Unit,
            Noise = noise,
            MeasuredAt = time.UtcDateTime,
        };
}

/// <summary>A stored check-in's id, or null when the photo was rejected, with the photo's analysis.</summary>
public sealed record CheckInResult(Guid? CheckInId, SkinAnalysis? Analysis)
{
    /// <summary>
    /// True when the photo is a close-up of one spot (<see cref="LesionCloseUp"/>): the check-in keeps the analysis,
    /// but its scores are not added to the skin's trends.
    /// </summary>
    public bool PhotoMeasuresLeftOut { get; init; }

    /// <summary>The sentence every interface shows when <see cref="PhotoMeasuresLeftOut"/> is true.</summary>
    public const string MeasuresLeftOutMessage =
        "The photo shows one spot, so its scores describe that spot and were not added to your skin's trends.";
}
