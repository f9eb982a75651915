namespace Skinsight.Data.Entities;

/// <summary>A bearer token a person created for an integration. Only the SHA-256 of the secret is stored.</summary>
public sealed class ApiToken
{
    public Guid Id { get; set; }

    public Guid AccountId { get; set; }

    /// <summary>The owner, repeated from the account so that erasure and listing filter on it directly.</summary>
    public Guid PersonId { get; set; }

    /// <summary>The name the person gave the token, e.g. the integration that uses it.</summary>
    public string Name { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of the secret. The secret itself is shown once and never stored.</summary>
    public string SecretSha256 { get; set; } = "";

    /// <summary>Creation time in UTC.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>Revocation time in UTC, or null while the token is valid.</summary>
    public DateTime? RevokedAt { get; set; }
}
