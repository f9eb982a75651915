namespace Skinsight.Data.Entities;

/// <summary>A person whose analyses and plans the store keeps; every personal record points to one.</summary>
public sealed class Person
{
    /// <summary>Handle of the single person the CLI acts as until accounts exist.</summary>
    public const string DefaultHandle = "local";

    public Guid Id { get; set; }

    /// <summary>Creation time in UTC.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>Unique display handle, e.g. <c>local</c> or an account name.</summary>
    public string Handle { get; set; } = "";
}
