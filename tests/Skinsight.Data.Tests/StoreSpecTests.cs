namespace Skinsight.Data.Tests;

public class StoreSpecTests
{
    [Theory]
    [InlineData("Host=127.0.0.1;Database=skinsight;Username=app")]
    [InlineData("host=db.internal;port=5433;database=s")]
    [InlineData("Server=127.0.0.1;Database=skinsight")]
    public void Parse_PostgresKeywords_SelectsPostgres(string spec)
    {
        var parsed = StoreSpec.Parse(spec);

        Assert.Equal(StoreProvider.Postgres, parsed.Provider);
    }

    [Fact]
    public void Parse_PostgresWithPassword_KeepsPasswordOutOfDescription()
    {
        var parsed = StoreSpec.Parse("Host=127.0.0.1;Port=5433;Database=skinsight;Username=app;Password=hunter2");

        Assert.Equal("127.0.0.1:5433/skinsight", parsed.Description);
        Assert.DoesNotContain("hunter2", parsed.Description, StringComparison.Ordinal);
        Assert.Contains("hunter2", parsed.ConnectionString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("skinsight.db")]
    [InlineData("/var/lib/skinsight/store.db")]
    [InlineData("Data Source=/tmp/x.db")]
    [InlineData("folder=with-equals/store.db")]
    public void Parse_PathsAndSqliteStrings_SelectsSqlite(string spec)
    {
        var parsed = StoreSpec.Parse(spec);

        Assert.Equal(StoreProvider.Sqlite, parsed.Provider);
        Assert.True(Path.IsPathFullyQualified(parsed.Description), parsed.Description);
    }

    [Fact]
    public void Parse_TildePath_ExpandsHomeFolder()
    {
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

        var parsed = StoreSpec.Parse("~/skinsight/store.db");

        Assert.Equal(Path.Combine(home, "skinsight", "store.db"), parsed.Description);
    }

    [Fact]
    public void Parse_SqlitePath_SetsBusyTimeoutAndForeignKeys()
    {
        var parsed = StoreSpec.Parse("/tmp/store.db");

        Assert.Contains($"Default Timeout={StoreSpec.SqliteBusyTimeoutSeconds}", parsed.ConnectionString, StringComparison.Ordinal);
        Assert.Contains("Foreign Keys=True", parsed.ConnectionString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres://app@127.0.0.1/skinsight")]
    [InlineData("postgresql://app@127.0.0.1/skinsight")]
    [InlineData("   ")]
    [InlineData("Host=127.0.0.1;NoSuchKeyword=1")]
    public void Parse_InvalidValue_ThrowsStoreException(string spec)
    {
        var error = Assert.Throws<StoreException>(() => StoreSpec.Parse(spec));

        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Resolve_ExplicitValue_WinsOverEnvironment()
    {
        var parsed = StoreFactory.Resolve("/tmp/explicit.db");

        Assert.Equal("/tmp/explicit.db", parsed.Description);
    }

    [Fact]
    public void DefaultSqlitePath_EndsInSkinsightFolder()
    {
        Assert.EndsWith(Path.Combine("skinsight", "skinsight.db"), StoreFactory.DefaultSqlitePath, StringComparison.Ordinal);
        Assert.True(Path.IsPathFullyQualified(StoreFactory.DefaultSqlitePath));
    }
}
