using Microsoft.EntityFrameworkCore;
using Skinsight.Data.Entities;

namespace Skinsight.Data;

/// <summary>
/// The Skinsight database: people, their analyses and plans, and the product catalog. Open it with
/// <see cref="StoreFactory"/>.
/// </summary>
/// <remarks>
/// Every method opens its own short-lived context, so one instance may be shared by concurrent requests.
/// Every method that reads or writes personal records takes the owner's person id and filters on it; there
/// is deliberately no method that lists analyses or plans across people.
/// </remarks>
public sealed partial class SkinsightStore
{
    private readonly DbContextOptions _options;

    internal SkinsightStore(StoreSpec spec)
    {
        Spec = spec;
        _options = spec.Provider switch
        {
            StoreProvider.Sqlite => new DbContextOptionsBuilder<SqliteSkinsightContext>()
                .UseSqlite(spec.ConnectionString)
                .Options,
            StoreProvider.Postgres => new DbContextOptionsBuilder<PostgresSkinsightContext>()
                .UseNpgsql(spec.ConnectionString)
                .Options,
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Provider, "Unknown store provider."),
        };
    }

    public StoreSpec Spec { get; }

    /// <summary>Creates a context on this store's database; the caller disposes it.</summary>
    /// <remarks>For tools and tests. It bypasses the per-person filtering of the store's own methods.</remarks>
    public SkinsightContext CreateContext() => Spec.Provider == StoreProvider.Sqlite
        ? new SqliteSkinsightContext((DbContextOptions<SqliteSkinsightContext>)_options)
        : new PostgresSkinsightContext((DbContextOptions<PostgresSkinsightContext>)_options);

    /// <summary>Returns the person with <paramref name="handle"/>, creating it when it does not exist.</summary>
    public async Task<Person> GetOrCreatePersonAsync(string handle, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(handle);
        await using var context = CreateContext();
        var existing = await context.People.AsNoTracking().SingleOrDefaultAsync(p => p.Handle == handle, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        var person = new Person { Id = Guid.CreateVersion7(), CreatedAt = DateTime.UtcNow, Handle = handle };
        context.People.Add(person);
        try
        {
            await context.SaveChangesAsync(cancellationToken);
            return person;
        }
        catch (DbUpdateException)
        {
            // Another process created the same handle between the lookup and the insert; the unique index
            // rejected this copy, so the other one is the person.
            await using var retry = CreateContext();
            return await retry.People.AsNoTracking().SingleAsync(p => p.Handle == handle, cancellationToken);
        }
    }

    /// <summary>Returns the single local person the CLI acts as until accounts exist.</summary>
    public Task<Person> GetOrCreateDefaultPersonAsync(CancellationToken cancellationToken = default) =>
        GetOrCreatePersonAsync(Person.DefaultHandle, cancellationToken);

    public async Task<Person?> FindPersonAsync(Guid personId, CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        return await context.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == personId, cancellationToken);
    }

    /// <summary>Deletes a person with every analysis, photo and plan they own.</summary>
    /// <returns>False when the person did not exist.</returns>
    public async Task<bool> DeletePersonAsync(Guid personId, CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);

        // Rows are deleted child first, so erasure does not depend on the database enforcing cascades.
        await context.Plans.Where(p => p.PersonId == personId).ExecuteDeleteAsync(cancellationToken);
        await context.Photos.Where(p => p.PersonId == personId).ExecuteDeleteAsync(cancellationToken);
        await context.Analyses.Where(a => a.PersonId == personId).ExecuteDeleteAsync(cancellationToken);
        int deleted = await context.People.Where(p => p.Id == personId).ExecuteDeleteAsync(cancellationToken);

        await transaction.CommitAsync(cancellationToken);
        return deleted > 0;
    }

    private static async Task EnsurePersonExistsAsync(
        SkinsightContext context,
        Guid personId,
        CancellationToken cancellationToken)
    {
        if (!await context.People.AnyAsync(p => p.Id == personId, cancellationToken))
        {
            throw new PersonNotFoundException(personId);
        }
    }
}
