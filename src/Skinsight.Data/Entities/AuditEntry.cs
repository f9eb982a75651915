namespace Skinsight.Data.Entities;

/// <summary>Whether an audited action read personal data or changed it.</summary>
public enum AuditAction
{
    Read,
    Change,
}

/// <summary>One read or change of personal data: who acted, on whose data, what, when and why.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    /// <summary>Time of the action in UTC.</summary>
    public DateTime At { get; set; }

    /// <summary>The person who acted, or null for an anonymous request.</summary>
    public Guid? ActorPersonId { get; set; }

    /// <summary>The person whose data was read or changed, or null when the action spans people (an export).</summary>
    public Guid? SubjectPersonId { get; set; }

    /// <summary>
    /// Keyed pseudonym of the actor (<see cref="Encryption.KeyRing.LogPseudonym"/>, as in the request log) that
    /// replaces <see cref="ActorPersonId"/> once that person is erased; null until then.
    /// </summary>
    public string? ActorPseudonym { get; set; }

    /// <summary>Keyed pseudonym that replaces <see cref="SubjectPersonId"/> once that person is erased; null until then.</summary>
    public string? SubjectPseudonym { get; set; }

    public AuditAction Action { get; set; }

    /// <summary>What was touched, e.g. <c>GET /api/analyses/{id}</c> or <c>cli research export</c>.</summary>
    public string Operation { get; set; } = "";

    /// <summary>Id of the record touched, when the operation names one.</summary>
    public string? ResourceId { get; set; }

    /// <summary>Why the data was touched, as declared by the operation.</summary>
    public string Purpose { get; set; } = "";

    /// <summary>HTTP status of the response, or 0 for actions outside HTTP.</summary>
    public int Status { get; set; }
}
