namespace Skinsight.Data.Entities;

/// <summary>A person whose analyses and plans the store keeps. Every personal record points to one.</summary>
public sealed class Person
{
    /// <summary>Handle of the single person the CLI acts as until accounts exist.</summary>
    public const string DefaultHandle = "local";

    public Guid Id { get; set; }

    /// <summary>Creation time in UTC.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>
    /// Keyed digest (<c>h1:</c> and a hex HMAC-SHA256) of the unique handle, e.g. of <c>local</c> or an account
    /// name. The handle itself is never stored; <see cref="SkinsightStore.GetOrCreatePersonAsync"/> computes the
    /// digest.
    /// </summary>
    public string Handle { get; set; } = "";
}
