namespace Skinsight.Tracking.Regression;

/// <summary>One check-in of one person for one measure, with what the person used since the last one.</summary>
/// <param name="PersonId">A pseudonymous id; check-ins of the same person share it.</param>
/// <param name="Outcome">The measure's value at this check-in, e.g. a 0-100 analysis score.</param>
/// <param name="Exposures">
/// Use of each product or active since the last check-in, keyed by name: 1 for used as planned, 0 for not used,
/// or the fraction of planned days it was used. A name missing here counts as 0.
/// </param>
/// <param name="Adherence">Fraction of the whole routine done since the last check-in, from 0 to 1.</param>
/// <param name="Quality">The photo's 0-100 quality score, or null when the outcome does not come from a photo.</param>
public sealed record CheckIn(
    string PersonId,
    DateTimeOffset Time,
    double Outcome,
    IReadOnlyDictionary<string, double> Exposures,
    double Adherence = 1,
    double? Quality = null);

/// <summary>Settings of <see cref="EffectRegression"/>.</summary>
public sealed record RegressionOptions
{
    /// <summary>Adds sin and cos of the day of the year, so a yearly cycle is not mistaken for an effect.</summary>
    public bool AdjustForSeason { get; init; } = true;

    /// <summary>Adds overall adherence as a covariate.</summary>
    public bool AdjustForAdherence { get; init; } = true;

    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>Check-ins whose photo quality is below this are left out; null keeps all of them.</summary>
    public double? MinQuality { get; init; } = 50;
}

/// <summary>How the standard errors of a fit were computed.</summary>
public enum StandardErrorKind
{
    /// <summary>σ² (XᵀX)⁻¹ with σ² = RSS / (n − p), and n − p degrees of freedom.</summary>
    Classical,

    /// <summary>
    /// The sandwich (XᵀX)⁻¹ (Σ Xgᵀ ug ugᵀ Xg) (XᵀX)⁻¹ over people g, scaled by G/(G − 1) × (n − 1)/(n − p),
    /// with G − 1 degrees of freedom. It allows any correlation between one person's check-ins.
    /// </summary>
    ClusterRobust,
}

/// <summary>One estimated coefficient with its confidence interval and two-sided p-value from the t distribution.</summary>
public sealed record Coefficient(
    string Term,
    double Estimate,
    double StandardError,
    double Lower,
    double Upper,
    double T,
    double PValue);

/// <summary>The result of one regression of a measure on products or actives.</summary>
/// <param name="Effects">Effect of each product or active on the outcome, per unit of exposure, by name.</param>
/// <param name="Covariates">Intercept (per-person fits only), adherence and season terms that were fitted.</param>
/// <param name="Dropped">
/// Terms left out because the data cannot separate them from earlier terms, such as an active used at every
/// check-in of a per-person fit or season terms in a short series.
/// </param>
/// <param name="Aliased">
/// Products or actives that were fitted but whose coefficient also carries a dropped term, such as two actives
/// always used together or an active used at every check-in (aliased with adherence). They are not in
/// <see cref="Effects"/> because no estimate of their own effect exists in this data.
/// </param>
/// <param name="Excluded">Check-ins left out for low photo quality.</param>
public sealed record EffectFit(
    IReadOnlyList<Coefficient> Effects,
    IReadOnlyList<Coefficient> Covariates,
    IReadOnlyList<string> Dropped,
    IReadOnlyList<string> Aliased,
    int Observations,
    int Excluded,
    int People,
    int DegreesOfFreedom,
    double ResidualStandardError,
    StandardErrorKind Kind)
{
    /// <summary>Returns the effect of the named product or active, or null when it was dropped, aliased or never seen.</summary>
    public Coefficient? Effect(string name) => Effects.FirstOrDefault(e => e.Term == name);
}
