using Skinsight.Testing;

namespace Skinsight.Application.Tests.RealData;

/// <summary>
/// A fact that runs only when the named shared data files exist and <c>SKINSIGHT_TEST_POSTGRES</c> contains a
/// PostgreSQL connection string with the right to create databases.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresSharedDataFactAttribute : FactAttribute
{
    public const string EnvironmentVariable = "SKINSIGHT_TEST_POSTGRES";

    public PostgresSharedDataFactAttribute(params string[] requiredPaths)
    {
        Skip = new SharedDataFactAttribute(requiredPaths).Skip;
        if (Skip is null && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(EnvironmentVariable)))
        {
            Skip = $"{EnvironmentVariable} is not set; set it to a PostgreSQL connection string to run this test.";
        }
    }
}
