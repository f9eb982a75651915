namespace Skinsight.Vision.Skin;

/// <summary>
/// A per-pixel skin classifier. The analyzer calls it once per image row and then cleans and adapts the result to
/// the person (see <c>docs/analysis.md</c>), so an implementation only has to judge single colours. The default is
/// <see cref="RuleSkinClassifier"/>; a trained classifier can replace it through
/// <see cref="SkinAnalyzerOptions.SkinClassifier"/>.
/// </summary>
/// <remarks>Implementations must be thread-safe: concurrent analyses share one instance.</remarks>
public interface ISkinClassifier
{
    /// <summary>
    /// Writes a skin likelihood (0 = surely not skin, 255 = surely skin; 128 or more counts as skin) for each pixel of
    /// <paramref name="bgr"/> into <paramref name="likelihood"/>.
    /// </summary>
    /// <param name="bgr">Pixels as 8-bit sRGB, three bytes each in blue, green, red order.</param>
    /// <param name="likelihood">One byte per pixel; its length is a third of the length of <paramref name="bgr"/>.</param>
    void Classify(ReadOnlySpan<byte> bgr, Span<byte> likelihood);
}
