using Skinsight.Vision.Quality;
using Skinsight.Vision.Skin;

namespace Skinsight.Vision;

/// <summary>Settings of a <see cref="SkinAnalyzer"/>. The defaults suit phone selfies and close-ups.</summary>
public sealed record SkinAnalyzerOptions
{
    /// <summary>Folders searched for OpenCV's Haar cascades when <see cref="CascadeDirectory"/> is not set.</summary>
    public static readonly IReadOnlyList<string> DefaultCascadeDirectories =
    [
        "/usr/share/opencv4/haarcascades",
        "/usr/share/opencv/haarcascades",
        "/usr/local/share/opencv4/haarcascades",
    ];

    /// <summary>
    /// Folder with <c>haarcascade_frontalface_default.xml</c> and its siblings (Debian package <c>opencv-data</c>),
    /// or null to search <see cref="DefaultCascadeDirectories"/>.
    /// </summary>
    public string? CascadeDirectory { get; init; }

    /// <summary>Largest accepted image, in pixels, read from the file header before anything is decoded.</summary>
    public long MaxPixels { get; init; } = 50_000_000;

    /// <summary>Largest accepted width or height, in pixels, read from the file header.</summary>
    public int MaxSide { get; init; } = 12_000;

    /// <summary>Smallest accepted width or height, in pixels; smaller images raise <see cref="InvalidImageException"/>.</summary>
    public int MinSide { get; init; } = 64;

    /// <summary>Longest side, in pixels, that photos are downscaled to before analysis. Smaller photos are not enlarged.</summary>
    public int WorkingSize { get; init; } = 1024;

    /// <summary>The per-pixel skin classifier, or null for <see cref="RuleSkinClassifier"/>.</summary>
    public ISkinClassifier? SkinClassifier { get; init; }

    /// <summary>
    /// Maximum number of threads that one analysis uses for its independent steps: the CIELAB conversion beside face detection, and
    /// the measures side by side. 1 runs every step on the calling thread. The results are the same either way; only
    /// the wall time changes. OpenCV's own threads (<c>Cv2.SetNumThreads</c>) come on top of these.
    /// </summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Thresholds of the quality gate.</summary>
    public QualityThresholds Quality { get; init; } = new();

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a setting is out of its valid range.</summary>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MinSide, 16, nameof(MinSide));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSide, MinSide, nameof(MaxSide));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPixels, (long)MinSide * MinSide, nameof(MaxPixels));
        ArgumentOutOfRangeException.ThrowIfLessThan(WorkingSize, 128, nameof(WorkingSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(Parallelism, 1, nameof(Parallelism));
        ArgumentNullException.ThrowIfNull(Quality, nameof(Quality));
    }
}
