using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Skinsight.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the SQLite context; it never opens the file.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteSkinsightContext>
{
    public SqliteSkinsightContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteSkinsightContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the PostgreSQL context; it never connects.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresSkinsightContext>
{
    public PostgresSkinsightContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresSkinsightContext>()
            .UseNpgsql("Host=127.0.0.1;Database=skinsight_design_time")
            .Options);
}
