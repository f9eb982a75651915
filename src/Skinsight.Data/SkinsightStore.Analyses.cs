using Microsoft.EntityFrameworkCore;
using Skinsight.Core.Analysis;
using Skinsight.Core.Plans;
using Skinsight.Core.Profiles;
using Skinsight.Data.Entities;

namespace Skinsight.Data;

public sealed partial class SkinsightStore
{
    /// <summary>Stores one analysis of <paramref name="personId"/>, with the photo when given.</summary>
    /// <param name="photoNeedsConsent">
    /// True when the caller keeps the photo because the person consented to keeping photos. The photo, and the
    /// overlays the analysis lists, are then stored only if that consent still holds when the write commits, and
    /// otherwise the analysis is stored without them. The CLI acts as the machine's owner, who needs no consent,
    /// so it leaves this false.
    /// </param>
    /// <returns>The new analysis id.</returns>
    /// <exception cref="PersonNotFoundException">The person does not exist.</exception>
    public async Task<Guid> AddAnalysisAsync(
        Guid personId,
        SkinAnalysis analysis,
        ReadOnlyMemory<byte>? photo,
        CancellationToken cancellationToken = default,
        bool photoNeedsConsent = false)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        await using var context = CreateContext();
        await using var transaction = await BeginWriteAsync(context, cancellationToken);
        await LockPersonForPhotoAsync(context, personId, cancellationToken);
        (photo, analysis) = await KeepPhotoIfConsentedAsync(
            context, personId, photo, analysis, photoNeedsConsent, cancellationToken);

        var record = NewAnalysisRecord(personId, analysis, photo);
        context.Analyses.Add(record);
        await SaveAsync(context, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return record.Id;
    }

    /// <summary>
    /// Stores one analysis and the plan built from it in a single transaction, so that either both are stored
    /// or neither is.
    /// </summary>
    /// <param name="photoNeedsConsent">As for <see cref="AddAnalysisAsync"/>.</param>
    /// <exception cref="PersonNotFoundException">The person does not exist.</exception>
    public async Task<(Guid AnalysisId, Guid PlanId)> AddAnalysisWithPlanAsync(
        Guid personId,
        SkinAnalysis analysis,
        ReadOnlyMemory<byte>? photo,
        SkinProfile profile,
        SkincarePlan plan,
        CancellationToken cancellationToken = default,
        PlanArm? arm = null,
        bool photoNeedsConsent = false)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(plan);

        // A concurrent plan of the same person may log the arm's exposure first, and then the second run finds it.
        return await RetryOnUniqueViolationAsync(async () =>
        {
            await using var context = CreateContext();
            await using var transaction = await BeginWriteAsync(context, cancellationToken);
            await LockPersonForPhotoAsync(context, personId, cancellationToken);
            var (keptPhoto, keptAnalysis) = await KeepPhotoIfConsentedAsync(
                context, personId, photo, analysis, photoNeedsConsent, cancellationToken);

            var analysisRecord = NewAnalysisRecord(personId, keptAnalysis, keptPhoto);
            var planRecord = NewPlanRecord(personId, profile, plan, analysisRecord.Id, arm);
            context.Analyses.Add(analysisRecord);
            context.Plans.Add(planRecord);
            await AddArmExposureAsync(context, personId, arm, cancellationToken);
            await SaveAsync(context, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (analysisRecord.Id, planRecord.Id);
        });
    }

    /// <summary>Returns one analysis of <paramref name="personId"/>, or null when that person has no such analysis.</summary>
    /// <remarks>The photo is not loaded, so use <see cref="LoadPhotoAsync"/> for it.</remarks>
    public async Task<AnalysisRecord?> FindAnalysisAsync(
        Guid personId,
        Guid analysisId,
        CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        return await context.Analyses
            .AsNoTracking()
            .SingleOrDefaultAsync(a => a.PersonId == personId && a.Id == analysisId, cancellationToken);
    }

    /// <summary>Lists the analyses of <paramref name="personId"/>, newest first, without photos.</summary>
    public async Task<IReadOnlyList<AnalysisRecord>> ListAnalysesAsync(
        Guid personId,
        int limit = 100,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var context = CreateContext();
        return await context.Analyses
            .AsNoTracking()
            .Where(a => a.PersonId == personId)
            .OrderByDescending(a => a.CreatedAt)
            .ThenByDescending(a => a.Id)
            .Take(limit)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Returns the photo bytes of one analysis of <paramref name="personId"/>, or null when none was kept.</summary>
    /// <exception cref="DataKeyDestroyedException">The person's data key no longer exists.</exception>
    public async Task<byte[]?> LoadPhotoAsync(Guid personId, Guid analysisId, CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        var photo = await context.Photos
            .AsNoTracking()
            .SingleOrDefaultAsync(p => p.PersonId == personId && p.AnalysisId == analysisId, cancellationToken);
        return photo?.Content;
    }

    /// <summary>Lists the kept photos of <paramref name="personId"/>, decrypted, oldest first.</summary>
    public async Task<IReadOnlyList<StoredPhoto>> ListPhotosAsync(Guid personId, CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        return await context.Photos
            .AsNoTracking()
            .Where(p => p.PersonId == personId)
            .OrderBy(p => p.AnalysisId)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Deserialises the <see cref="SkinAnalysis"/> stored in <paramref name="record"/>.</summary>
    /// <exception cref="StoreException">The stored JSON is damaged.</exception>
    public static SkinAnalysis ReadAnalysis(AnalysisRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return StoreJson.Deserialize<SkinAnalysis>(record.AnalysisJson, $"analysis {record.Id}");
    }

    /// <summary>
    /// Locks the person's row for the rest of the transaction (see <see cref="LockPersonAsync"/>), so this write
    /// and a withdrawal of keep-photos consent run one after the other.
    /// </summary>
    /// <exception cref="PersonNotFoundException">The person does not exist.</exception>
    private async Task LockPersonForPhotoAsync(SkinsightContext context, Guid personId, CancellationToken cancellationToken)
    {
        if (!await LockPersonAsync(context, personId, cancellationToken))
        {
            throw new PersonNotFoundException(personId);
        }
    }

    /// <summary>
    /// Returns <paramref name="photo"/> and <paramref name="analysis"/> unchanged, or both without the photo and
    /// its overlays when <paramref name="photoNeedsConsent"/> is true and the person no longer consents to
    /// keeping photos. The caller must hold the person's row lock (<see cref="LockPersonForPhotoAsync"/>).
    /// </summary>
    private static async Task<(ReadOnlyMemory<byte>? Photo, SkinAnalysis Analysis)> KeepPhotoIfConsentedAsync(
        SkinsightContext context,
        Guid personId,
        ReadOnlyMemory<byte>? photo,
        SkinAnalysis analysis,
        bool photoNeedsConsent,
        CancellationToken cancellationToken)
    {
        if (!photoNeedsConsent || (photo is null && analysis.Overlays.Count == 0))
        {
            return (photo, analysis);
        }

        bool consented = await ActiveConsents(context, personId)
            .AnyAsync(c => c.Purpose == ConsentPurpose.KeepPhotos, cancellationToken);
        return consented ? (photo, analysis) : (null, analysis with { Overlays = new Dictionary<string, string>() });
    }

    private static AnalysisRecord NewAnalysisRecord(
        Guid personId, SkinAnalysis analysis, ReadOnlyMemory<byte>? photo, Guid? id = null)
    {
        var record = new AnalysisRecord
        {
            Id = id ?? Guid.CreateVersion7(),
            PersonId = personId,
            CreatedAt = DateTime.UtcNow,
            Mode = analysis.Mode,
            Accepted = analysis.Quality.Accepted,
            QualityScore = analysis.Quality.Score,
            SkinToneIta = analysis.SkinTone?.Ita,
            SkinToneCategory = analysis.SkinTone?.Category,
            AnalysisJson = StoreJson.Serialize(analysis),
        };

        if (photo is { } bytes)
        {
            if (bytes.IsEmpty)
            {
                throw new ArgumentException("The photo is empty; pass null to store an analysis without a photo.", nameof(photo));
            }

            // Content is encrypted on save under the person's data key, which KeyId names.
            record.Photo = new StoredPhoto
            {
                AnalysisId = record.Id,
                PersonId = personId,
                Content = bytes.ToArray(),
                KeyId = personId.ToString("N"),
                Sha256 = StoreJson.Sha256Hex(bytes.Span),
                Length = bytes.Length,
            };
        }

        return record;
    }
}
