using OpenCvSharp;
using Skinsight.Core.Analysis;

namespace Skinsight.Vision.Measures;

/// <summary>A round mark for the overlay, in working pixels.</summary>
internal readonly record struct Blob(double X, double Y, double Radius, double Area, double Contrast);

/// <summary>What a measure draws on its overlay: a heat map, blobs, or marked pixels.</summary>
internal sealed class MeasureOverlay : IDisposable
{
    /// <summary>A CV_32F map from 0 (nothing) to 1 (strongest), drawn inside the skin area; or null.</summary>
    public Mat? Heat { get; init; }

    /// <summary>Marked pixels (8-bit mask) drawn in <see cref="MarkColour"/>; or null.</summary>
    public Mat? Marks { get; init; }

    /// <summary>Colour of the marks and blob circles, as (red, green, blue).</summary>
    public (byte R, byte G, byte B) MarkColour { get; init; } = (255, 255, 0);

    public IReadOnlyList<Blob> Blobs { get; init; } = [];

    public void Dispose()
    {
        Heat?.Dispose();
        Marks?.Dispose();
    }
}

/// <summary>The result of one measure and what its overlay shows.</summary>
internal sealed record MeasureOutcome(MeasureResult Result, MeasureOverlay Overlay);

/// <summary>One skin measure.</summary>
internal interface ISkinMeasure
{
    /// <summary>The measure's name, one of <see cref="MeasureNames"/>.</summary>
    string Name { get; }

    /// <summary>Returns null when the measure does not apply (for example dark circles in a close-up).</summary>
    MeasureOutcome? Measure(MeasureContext context);

    /// <summary>
    /// Returns, for a context where <see cref="Measure"/> returned null, a non-blocking quality issue that explains
    /// why and how to get the measure; null when the measure simply does not apply to such photos.
    /// </summary>
    QualityIssue? ExplainNotMeasured(MeasureContext context) => null;
}
