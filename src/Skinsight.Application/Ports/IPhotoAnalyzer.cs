using Skinsight.Core.Analysis;

namespace Skinsight.Application.Ports;

/// <summary>Analyses one photo. The host adapts <c>Skinsight.Vision.SkinAnalyzer</c> to it.</summary>
public interface IPhotoAnalyzer
{
    /// <summary>
    /// Analyses an encoded photo (JPEG, PNG, WebP). A photo that decodes but fails the quality gate returns an
    /// analysis with <see cref="AnalysisMode.Rejected"/>, but a photo that does not decode throws, and the services
    /// then store nothing.
    /// </summary>
    /// <param name="overlayDirectory">Folder for overlay PNGs, or null for none.</param>
    SkinAnalysis Analyze(ReadOnlySpan<byte> photo, string? overlayDirectory);

    /// <summary>
    /// Returns the bytes to keep for a photo: re-encoded without EXIF, GPS or other metadata. Called only for
    /// photos that <see cref="Analyze"/> accepted.
    /// </summary>
    byte[] PrepareForStorage(ReadOnlySpan<byte> photo);

    /// <summary>
    /// Returns the quality gate's report for an encoded photo. The default runs the whole analysis, so an
    /// implementation that can stop after the gate overrides it.
    /// </summary>
    QualityReport CheckQuality(ReadOnlySpan<byte> photo) => Analyze(photo, overlayDirectory: null).Quality;

    /// <summary>
    /// Throws for bytes that are not a usable image (format, header, pixel limits, truncated or corrupt pixel
    /// data) without analysing them, so that a queued upload is refused at once. The default accepts everything
    /// and leaves the check to <see cref="Analyze"/>.
    /// </summary>
    void CheckDecodes(ReadOnlySpan<byte> photo)
    {
    }
}
