using Skinsight.Core.Analysis;
using Skinsight.Data.Entities;

namespace Skinsight.Application.Tracking;

/// <summary>
/// Names of the photo mode that splits one measure into separate series: a face photo and a close-up of skin
/// measure different areas, so their scores are never compared as one series.
/// </summary>
public static class PhotoSeries
{
    /// <summary>Mode name of a value measured on a face photo.</summary>
    public const string Face = "face";

    /// <summary>Mode name of a value measured on a close-up of skin.</summary>
    public const string Closeup = "closeup";

    /// <summary>
    /// Mode name of a photo value stored before check-in values had a mode, whose check-in no longer has the
    /// analysis the upgrade reads the mode from.
    /// </summary>
    public const string Unknown = "unknown";

    /// <summary>Every mode name a photo series can have, in dashboard order.</summary>
    public static IReadOnlyList<string> Modes { get; } = [Face, Closeup, Unknown];

    /// <summary>Returns the mode name of <paramref name="value"/>, or null for a self-rating or a sensor reading.</summary>
    public static string? ModeOf(CheckInValueRecord value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Source != CheckInValueSource.Photo)
        {
            return null;
        }

        return value.Mode switch
        {
            AnalysisMode.Face => Face,
            AnalysisMode.Closeup => Closeup,
            _ => Unknown,
        };
    }

    /// <summary>Returns the display name of a series, such as <c>redness (close-up)</c> or <c>dryness</c>.</summary>
    public static string Label(string kind, string? mode) => mode switch
    {
        null => kind,
        Face => $"{kind} (face)",
        Closeup => $"{kind} (close-up)",
        _ => $"{kind} (mode unknown)",
    };

    /// <summary>Returns the chart file name of a series without its extension, such as <c>redness-closeup</c>.</summary>
    public static string FileStem(string kind, string? mode) => mode is null ? kind : $"{kind}-{mode}";
}
