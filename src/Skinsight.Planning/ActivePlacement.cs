using Skinsight.Core.Analysis;
using Skinsight.Core.Plans;
using Skinsight.Planning.Knowledge;

namespace Skinsight.Planning;

/// <summary>Morning, evening, or both.</summary>
[Flags]
internal enum Routines
{
    Am = 1,
    Pm = 2,
    Both = Am | Pm,
}

/// <summary>An active chosen for the plan, where it goes and how often it is used.</summary>
internal sealed class TreatSlot(ActiveIngredient active, string concern, double? severity)
{
    public ActiveIngredient Active { get; } = active;

    public List<string> Concerns { get; } = [concern];

    /// <summary>The photo's severity of the first concern, or null when no photo measured it.</summary>
    public double? Severity { get; } = severity;

    /// <summary>The severity, or <see cref="ConcernMerger.UnmeasuredRank"/> when unmeasured, for ordering.</summary>
    public double Rank => Severity ?? ConcernMerger.UnmeasuredRank;

    public Routines Routine { get; set; }

    /// <summary>Days after ramp-up, or null for every day.</summary>
    public DayOfWeek[]? Days { get; set; }

    /// <summary>Days while the active is being started, or null when it starts on <see cref="Days"/>.</summary>
    public DayOfWeek[]? StartDays { get; set; }

    public string Frequency { get; set; } = "";

    /// <summary>The scheduled active this one alternates nights with, if any.</summary>
    public TreatSlot? AlternatesWith { get; set; }
}

/// <summary>
/// Chooses one active per concern, most severe concern first, skipping contraindicated ones, then places
/// each in the morning or evening so that no two conflicting actives share a routine on the same day.
/// </summary>
internal sealed class ActivePlacement(IIngredientKnowledge knowledge, ConflictTable conflicts)
{
    /// <summary>Maximum number of actives one plan starts at once, because with more it is hard to tell which one irritates.</summary>
    public const int MaxActives = 3;

    /// <summary>
    /// Maximum number of actives for sensitive skin, where the second starts only once the first is tolerated,
    /// because several new actives at once are the usual cause of irritation on a weak barrier.
    /// </summary>
    public const int MaxActivesSensitive = 2;

    /// <summary>Weeks the first active is used without irritation before a sensitive-skin plan adds the next.</summary>
    public const int SensitiveStaggerWeeks = 4;

    private static readonly DayOfWeek[] s_retinoidStart = [DayOfWeek.Monday, DayOfWeek.Thursday];
    private static readonly DayOfWeek[] s_threeNights = [DayOfWeek.Monday, DayOfWeek.Wednesday, DayOfWeek.Friday];
    private static readonly DayOfWeek[] s_acidBesideRetinoid = [DayOfWeek.Tuesday, DayOfWeek.Saturday];

    /// <summary>Chooses actives for the concerns, using <paramref name="isAvailable"/> to prefer ones the catalog stocks.</summary>
    public List<TreatSlot> Choose(
        IReadOnlyList<PlanConcern> concerns,
        SafetyFilter safety,
        Func<ActiveIngredient, bool> isAvailable,
        RuleTally tally,
        List<PlanWarning> warnings,
        bool sensitive = false,
        int lengthLimit = MaxActives)
    {
        int maxActives = Math.Min(sensitive ? MaxActivesSensitive : MaxActives, lengthLimit);
        var chosen = new List<TreatSlot>();
        foreach (PlanConcern concern in concerns)
        {
            var candidates = knowledge.Actives
                .Where(a => a.Concerns.Contains(concern.Concern, StringComparer.OrdinalIgnoreCase))
                .ToList();

            TreatSlot? existing = chosen.FirstOrDefault(s => candidates.Contains(s.Active));
            if (existing is not null)
            {
                existing.Concerns.Add(concern.Concern);
                continue;
            }

            if (chosen.Count >= maxActives)
            {
                string limit = maxActives == lengthLimit && lengthLimit < MaxActives
                    ? $"the routine is set to a shorter length, which has at most {Wording.Count(maxActives, "treatment step", "treatment steps")}"
                    : sensitive
                    ? $"a plan for sensitive skin uses at most {maxActives} actives, started one after the other"
                    : $"a plan starts at most {maxActives} actives at once";
                warnings.Add(new PlanWarning(PlanRules.ConcernNotTreated,
                    $"{Wording.SentenceStart(Wording.Concern(concern.Concern))} gets no treatment yet because {limit}; "
                    + "add one for it once the routine is well tolerated."));
                continue;
            }

            var allowed = candidates
                .Where(a => !safety.ForbiddenActives.ContainsKey(a.Id) && !safety.Avoids(a.Name))
                .Where(a => !(a.Has(ActiveTraits.Retinoid) && chosen.Any(s => s.Active.Has(ActiveTraits.Retinoid))))
                .Where(a => !(a.Has(ActiveTraits.ExfoliatingAcid) && chosen.Any(s => s.Active.Has(ActiveTraits.ExfoliatingAcid))))
                .ToList();

            ActiveIngredient? pick = allowed.FirstOrDefault(isAvailable) ?? allowed.FirstOrDefault();
            int pickAt = pick is null ? candidates.Count : candidates.IndexOf(pick);
            foreach (ActiveIngredient skipped in candidates.Take(pickAt).Where(a => safety.ForbiddenActives.ContainsKey(a.Id)))
            {
                tally.SkipActive(safety.ForbiddenActives[skipped.Id].Rule, skipped.Name, concern.Concern);
            }

            if (pick is not null)
            {
                chosen.Add(new TreatSlot(pick, concern.Concern, concern.Severity));
            }
            else if (candidates.Count == 0)
            {
                warnings.Add(new PlanWarning(PlanRules.ConcernNotTreated,
                    $"No active ingredient in the knowledge table addresses {concern.Concern}, so only the basic steps serve it."));
            }
        }

        return chosen;
    }

    /// <summary>
    /// Places the chosen actives and returns them, most severe concern first. Actives that fit nowhere are left out
    /// with a warning. For sensitive skin, every active after the first starts only once the first is tolerated.
    /// </summary>
    public List<TreatSlot> Place(List<TreatSlot> chosen, List<PlanWarning> warnings, bool sensitive = false)
    {
        var placed = new List<TreatSlot>();
        foreach (TreatSlot slot in chosen.OrderBy(Tightness).ThenByDescending(s => s.Rank))
        {
            if (TryPlace(slot, placed, warnings))
            {
                placed.Add(slot);
            }
        }

        foreach (TreatSlot slot in placed)
        {
            SetSchedule(slot);
        }

        var evening = placed.Where(s => IsEveningOnly(s.Active)).Select(s => s.Active.Name).ToList();
        if (evening.Count > 0)
        {
            warnings.Add(new PlanWarning(PlanRules.PhotosensitiserEveningOnly,
                evening.Count == 1
                    ? $"{evening[0]} raises sun sensitivity, so it is used in the evening only and needs sunscreen every morning."
                    : $"{string.Join(" and ", evening)} raise sun sensitivity, so they are used in the evening only and need sunscreen every morning."));
        }

        List<TreatSlot> ordered = placed.OrderByDescending(s => s.Rank).ToList();
        if (sensitive && ordered.Count > 1)
        {
            Stagger(ordered, warnings);
        }

        return ordered;
    }

    private static void Stagger(List<TreatSlot> ordered, List<PlanWarning> warnings)
    {
        TreatSlot first = ordered[0];
        foreach (TreatSlot later in ordered.Skip(1))
        {
            // Appended, not prefixed, so a retinoid's frequency still opens with its ramp-up schedule.
            later.Frequency += $"; start only after {SensitiveStaggerWeeks} weeks of {first.Active.Name} "
                + "without redness, stinging or peeling";
        }

        warnings.Add(new PlanWarning(PlanRules.SensitiveStaggerActives,
            $"For sensitive skin, start {first.Active.Name} alone and add "
            + $"{string.Join(" and ", ordered.Skip(1).Select(s => s.Active.Name))} only after {SensitiveStaggerWeeks} "
            + "weeks without irritation, so a reaction can be traced to one product."));
    }

    public static bool IsEveningOnly(ActiveIngredient active) =>
        active.Has(ActiveTraits.Photosensitising) || active.Has(ActiveTraits.Retinoid);

    private bool TryPlace(TreatSlot slot, List<TreatSlot> placed, List<PlanWarning> warnings)
    {
        Routines[] options = IsEveningOnly(slot.Active) ? [Routines.Pm]
            : slot.Active.Has(ActiveTraits.MorningPreferred) ? [Routines.Am, Routines.Pm]
            : [Routines.Pm, Routines.Am];

        ActiveConflict? firstConflict = null;
        foreach (Routines routine in options)
        {
            var clashes = placed
                .Select(p => (Slot: p, Conflict: conflicts.Find(p.Active.Id, slot.Active.Id)))
                .Where(c => c.Conflict is not null && (c.Slot.Routine == routine || c.Conflict.SameDay))
                .ToList();

            if (clashes.Count == 0)
            {
                slot.Routine = routine;
                if (firstConflict is not null)
                {
                    warnings.Add(new PlanWarning(PlanRules.ConflictMoved,
                        $"{slot.Active.Name} moved to the {Name(routine)} routine: {firstConflict.Reason}"));
                }

                return true;
            }

            firstConflict ??= clashes[0].Conflict;
            if (clashes.Count == 1 && clashes[0].Slot.AlternatesWith is null && CanAlternate(clashes[0].Slot.Active, slot.Active))
            {
                slot.Routine = routine;
                slot.AlternatesWith = clashes[0].Slot;
                clashes[0].Slot.AlternatesWith = slot;
                warnings.Add(new PlanWarning(PlanRules.ConflictAlternateNights,
                    $"{clashes[0].Slot.Active.Name} and {slot.Active.Name} are used on alternate nights, never together: {clashes[0].Conflict!.Reason}"));
                return true;
            }
        }

        warnings.Add(new PlanWarning(PlanRules.ConflictDropped,
            $"{slot.Active.Name} for {string.Join(", ", slot.Concerns)} was left out because it conflicts with a more urgent active: {firstConflict?.Reason}"));
        return false;
    }

    /// <summary>Two scheduled actives (a retinoid and an exfoliating acid) can share the evening on different nights.</summary>
    private static bool CanAlternate(ActiveIngredient a, ActiveIngredient b) =>
        (a.Has(ActiveTraits.Retinoid) && b.Has(ActiveTraits.ExfoliatingAcid))
        || (a.Has(ActiveTraits.ExfoliatingAcid) && b.Has(ActiveTraits.Retinoid));

    private static void SetSchedule(TreatSlot slot)
    {
        string when = slot.Routine == Routines.Am ? "morning" : "evening";
        bool paired = slot.AlternatesWith is not null;
        if (slot.Active.Has(ActiveTraits.Retinoid))
        {
            slot.Days = paired ? s_threeNights : null;
            slot.StartDays = s_retinoidStart;
            slot.Frequency = paired
                ? $"2 nights a week ({Days(s_retinoidStart)}) for 2 weeks, then 3 nights a week ({Days(s_threeNights)}); "
                    + $"other nights belong to {slot.AlternatesWith!.Active.Name}"
                : $"2 nights a week ({Days(s_retinoidStart)}) for 2 weeks, then 3 nights a week ({Days(s_threeNights)}) "
                    + "for 2 weeks, then nightly if your skin tolerates it";
        }
        else if (slot.Active.Has(ActiveTraits.ExfoliatingAcid))
        {
            slot.Days = paired ? s_acidBesideRetinoid : s_threeNights;
            slot.StartDays = paired ? null : s_retinoidStart;
            slot.Frequency = paired
                ? $"2 {when}s a week ({Days(s_acidBesideRetinoid)}), never on {slot.AlternatesWith!.Active.Name} nights"
                : $"2 {when}s a week ({Days(s_retinoidStart)}), up to 3 ({Days(s_threeNights)}) if your skin tolerates it";
        }
        else
        {
            slot.Days = null;
            slot.StartDays = null;
            slot.Frequency = $"every {when}";
        }
    }

    private static int Tightness(TreatSlot slot) =>
        IsEveningOnly(slot.Active) ? 0 : slot.Active.Has(ActiveTraits.MorningPreferred) ? 1 : 2;

    private static string Name(Routines routine) => routine == Routines.Am ? "morning" : "evening";

    private static string Days(DayOfWeek[] days) => string.Join(", ", days.Select(d => d.ToString()[..3]));
}

/// <summary>Conflict lookup by pair of active ids.</summary>
internal sealed class ConflictTable
{
    private readonly Dictionary<(string, string), ActiveConflict> _pairs = [];

    public ConflictTable(IEnumerable<ActiveConflict> conflicts)
    {
        foreach (ActiveConflict conflict in conflicts)
        {
            _pairs.TryAdd((conflict.FirstActiveId, conflict.SecondActiveId), conflict);
            _pairs.TryAdd((conflict.SecondActiveId, conflict.FirstActiveId), conflict);
        }
    }

    public ActiveConflict? Find(string a, string b) => _pairs.GetValueOrDefault((a, b));

    /// <summary>
    /// Finds a conflict between any active of one set and any active of the other. When
    /// <paramref name="sameRoutine"/> is false, only conflicts that forbid the same day count.
    /// </summary>
    public ActiveConflict? FindAny(IEnumerable<string> first, IReadOnlyCollection<string> second, bool sameRoutine)
    {
        foreach (string a in first)
        {
            foreach (string b in second)
            {
                if (Find(a, b) is { } conflict && (sameRoutine || conflict.SameDay))
                {
                    return conflict;
                }
            }
        }

        return null;
    }
}
