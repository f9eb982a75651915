namespace Skinsight.Planning;

/// <summary>A step being planned: where it goes, what it treats, its eligible products and the current pick.</summary>
internal sealed class StepDraft
{
    public required string Step { get; init; }

    public required Routines Routines { get; init; }

    /// <summary>The active this treat step delivers, or null for cleanse, moisturise and sunscreen.</summary>
    public TreatSlot? Treat { get; init; }

    public required IReadOnlyList<string> Concerns { get; init; }

    /// <summary>Rank for budget cuts, which touch lower ranks first. Sunscreen has the highest rank and is never dropped.</summary>
    public required double KeepRank { get; init; }

    public DayOfWeek[]? Days => Treat?.Days;

    public DayOfWeek[]? StartDays => Treat?.StartDays;

    /// <summary>Products that passed every rule that does not depend on other steps, best score first.</summary>
    public List<ProductFacts> Candidates { get; } = [];

    public ProductFacts? Chosen
    {
        get => _chosen;
        set
        {
            _chosen = value;
            _activeIds = null;
        }
    }

    public bool IsSunscreen => Step == RoutineSteps.Sunscreen;

    /// <summary>Ids of the rules that shaped this step's candidates or pick, in the order they fired.</summary>
    public List<string> Rules { get; } = [];

    /// <summary>Adds a rule id once.</summary>
    public void AddRule(string rule)
    {
        if (!Rules.Contains(rule))
        {
            Rules.Add(rule);
        }
    }

    /// <summary>Actives this step puts on the skin: the chosen product's plus the step's own target.</summary>
    public IReadOnlyCollection<string> ActiveIds => _activeIds ??= CollectActiveIds();

    private ProductFacts? _chosen;
    private HashSet<string>? _activeIds;

    private HashSet<string> CollectActiveIds()
    {
        var ids = new HashSet<string>(Chosen?.Actives ?? (IEnumerable<string>)[], StringComparer.Ordinal);
        if (Treat is not null)
        {
            ids.Add(Treat.Active.Id);
        }

        return ids;
    }

    /// <summary>True when both steps are applied in the same routine.</summary>
    public bool SharesRoutineWith(StepDraft other) => (Routines & other.Routines) != 0;

    /// <summary>True when both steps are used on at least one common day.</summary>
    public bool SharesDayWith(StepDraft other) => Days is null || other.Days is null || Days.Intersect(other.Days).Any();
}
