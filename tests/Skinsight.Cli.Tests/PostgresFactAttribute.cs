namespace Skinsight.Cli.Tests;

/// <summary>A fact that runs only when <c>SKINSIGHT_TEST_POSTGRES</c> contains a PostgreSQL connection string.</summary>
/// <remarks>
/// The connection needs the right to create databases, because each test creates its own database and drops it after.
/// </remarks>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string EnvironmentVariable = "SKINSIGHT_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(EnvironmentVariable)))
        {
            Skip = $"{EnvironmentVariable} is not set; set it to a PostgreSQL connection string to run this test.";
        }
    }
}
