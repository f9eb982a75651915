using Microsoft.EntityFrameworkCore;

namespace Skinsight.Data;

/// <summary>The PostgreSQL flavour of the model; its migrations live in <c>Migrations/Postgres</c>.</summary>
/// <remarks>UTC <see cref="DateTime"/> values map to <c>timestamp with time zone</c>.</remarks>
public sealed class PostgresSkinsightContext(DbContextOptions<PostgresSkinsightContext> options)
    : SkinsightContext(options);
