using Skinsight.Application.Ports;
using Skinsight.Core.Analysis;

namespace Skinsight.Application.Tests;

/// <summary>
/// Returns one analysis per call from a queue, each with a single measure score, noise, quality and photo mode.
/// </summary>
internal sealed class SequenceAnalyzer(string measure) : IPhotoAnalyzer
{
    private readonly Queue<(double Score, double? Noise, double Quality, AnalysisMode Mode)> _next = new();

    public void Enqueue(double score, double? noise, double quality, AnalysisMode mode = AnalysisMode.Face) =>
        _next.Enqueue((score, noise, quality, mode));

    public byte[] PrepareForStorage(ReadOnlySpan<byte> photo) => photo.ToArray();

    public SkinAnalysis Analyze(ReadOnlySpan<byte> photo, string? overlayDirectory)
    {
        var (score, noise, quality, mode) = _next.Dequeue();
        return new SkinAnalysis
        {
            Mode = mode,
            Quality = new QualityReport(true, quality, []),
            Image = new ImageInfo("jpeg", 640, 480, 1),
            Metrics = new Dictionary<string, MeasureResult>
            {
                [measure] = new(score, noise, new Dictionary<string, double>(), new Dictionary<string, double>()),
            },
        };
    }
}

/// <summary>A clock fixed at one instant.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
