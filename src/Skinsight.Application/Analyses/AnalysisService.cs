using Skinsight.Core;
using Skinsight.Application.Ports;
using Skinsight.Core.Analysis;
using Skinsight.Data;

namespace Skinsight.Application.Analyses;

/// <summary>Analyses a photo and stores the result for one person.</summary>
/// <param name="storePhotos">Whether the photo bytes are kept with the analysis. With false, only the result is kept.</param>
public sealed class AnalysisService(SkinsightStore store, IPhotoAnalyzer analyzer, bool storePhotos = true)
{
    /// <summary>
    /// Analyses <paramref name="photo"/> and stores the analysis for <paramref name="personId"/>. A photo the
    /// quality gate rejects is stored as rejected, but a photo that does not decode stores nothing.
    /// </summary>
    /// <exception cref="InvalidInputException">The photo is empty.</exception>
    /// <exception cref="PersonNotFoundException">The person does not exist.</exception>
    /// <remarks>Whatever the analyzer throws for an undecodable photo propagates unchanged.</remarks>
    /// <param name="keepPhoto">False when the person has not consented to keeping photos, so only the result is stored.</param>
    /// <param name="photoNeedsConsent">
    /// True when <paramref name="keepPhoto"/> comes from the person's keep-photos consent, so the store keeps the
    /// photo only if that consent still holds when the analysis is stored (see <see cref="SkinsightStore.AddAnalysisAsync"/>).
    /// </param>
    public async Task<AnalysisResult> AnalyzeAsync(
        Guid personId,
        ReadOnlyMemory<byte> photo,
        string? overlayDirectory = null,
        CancellationToken cancellationToken = default,
        bool keepPhoto = true,
        bool photoNeedsConsent = false)
    {
        RequirePhoto(photo);

        // The person is checked before analysing, so an unknown id fails fast and writes no overlay files.
        _ = await store.FindPersonAsync(personId, cancellationToken) ?? throw new PersonNotFoundException(personId);

        var analysis = analyzer.Analyze(photo.Span, overlayDirectory);
        if (!analysis.Quality.Accepted)
        {
            // A photo the quality gate rejects is bad input: the caller shows the reasons, and the store keeps
            // neither the result nor the photo.
            return new AnalysisResult(null, analysis);
        }

        // A plain "storePhotos ? photo : null" would turn null into an empty ReadOnlyMemory through its
        // implicit conversion from byte[], so the nullable type is spelled out.
        // The kept copy is re-encoded, so the store never holds the upload's EXIF or GPS metadata.
        ReadOnlyMemory<byte>? storedPhoto = storePhotos && keepPhoto
            ? analyzer.PrepareForStorage(photo.Span)
            : (ReadOnlyMemory<byte>?)null;
        var id = await store.AddAnalysisAsync(personId, analysis, storedPhoto, cancellationToken, photoNeedsConsent);
        return new AnalysisResult(id, analysis);
    }

    /// <summary>
    /// Checks the quality of <paramref name="photo"/> without analysing or storing it, so a person can retake a
    /// poor photo before asking for results.
    /// </summary>
    /// <exception cref="InvalidInputException">The photo is empty.</exception>
    public QualityReport CheckQuality(ReadOnlyMemory<byte> photo)
    {
        RequirePhoto(photo);
        return analyzer.CheckQuality(photo.Span);
    }

    internal static void RequirePhoto(ReadOnlyMemory<byte> photo)
    {
        if (photo.IsEmpty)
        {
            throw new InvalidInputException("The photo is empty (0 bytes); send a JPEG, PNG or WebP file.");
        }
    }
}

/// <summary>A stored analysis with its id.</summary>
public sealed record AnalysisResult(Guid? AnalysisId, SkinAnalysis Analysis);
