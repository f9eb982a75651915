using Skinsight.Data.Entities;

namespace Skinsight.Application.Privacy;

/// <summary>The consent text shown for one purpose, with the version a grant must name.</summary>
/// <param name="Name">The purpose as the API and CLI spell it, e.g. <c>keep-photos</c>.</param>
public sealed record ConsentText(ConsentPurpose Purpose, string Name, string Version, string Text);

/// <summary>The current consent texts. Changing a text's wording requires a new version.</summary>
public static class ConsentTexts
{
    public static IReadOnlyList<ConsentText> All { get; } =
    [
        new(ConsentPurpose.Analysis, "analysis", "2026-12-04",
            "Skinsight analyses the photos and skin profile you send to measure your skin and build routines. "
            + "Skin condition data can be health data. You can withdraw at any time; analyses stop then."),
        new(ConsentPurpose.KeepPhotos, "keep-photos", "2026-12-04",
            "Skinsight keeps the photos you send after analysing them, so you can see them again and compare over "
            + "time. Without this consent photos are analysed and then discarded. Withdrawing deletes every photo "
            + "kept so far."),
        new(ConsentPurpose.Research, "research", "2026-12-05",
            "Skinsight may include a pseudonymised summary of your analyses, with your age band, sex, skin type "
            + "and region generalised so that at least 5 people share every combination, in research exports. "
            + "Your check-ins (measures, self-ratings and the routine steps you used) may also be pooled under a "
            + "pseudonym into reports of which ingredients go with improvement, which show only totals over at "
            + "least 5 people. Names, handles and photos are never exported. Withdrawing leaves you out of later "
            + "exports and reports."),
        new(ConsentPurpose.Experiments, "experiments", "2026-12-05",
            "Skinsight may build your plans under one variant of an experiment that compares routines, for "
            + "example a shorter routine, and compare how the skin of each group changes. Variants stay within "
            + "the safety rules. Without this consent your plans are built the usual way. Withdrawing stops new "
            + "plans from being built under a variant; results already measured stay in the comparison."),
    ];

    /// <summary>
    /// Versions of the research text that cover pooling check-ins into efficacy reports. The first research
    /// text (2026-12-04) named only research exports, so people who agreed to it alone are left out.
    /// </summary>
    public static IReadOnlyList<string> ResearchVersionsCoveringCheckIns { get; } = ["2026-12-05"];

    /// <summary>Returns the text of <paramref name="purpose"/>.</summary>
    public static ConsentText For(ConsentPurpose purpose) => All.Single(t => t.Purpose == purpose);

    /// <summary>Parses a purpose name such as <c>keep-photos</c>.</summary>
    /// <exception cref="Core.InvalidInputException">The name is not a known purpose.</exception>
    public static ConsentText Parse(string name) =>
        All.SingleOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new Core.InvalidInputException(
            $"Unknown consent purpose '{name}'; use one of: {string.Join(", ", All.Select(t => t.Name))}.");
}
