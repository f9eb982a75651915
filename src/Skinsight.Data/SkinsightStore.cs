using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Skinsight.Data.Encryption;
using Skinsight.Data.Entities;

namespace Skinsight.Data;

/// <summary>
/// The Skinsight database: people, their analyses and plans, and the product catalog. Open it with
/// <see cref="StoreFactory"/>.
/// </summary>
/// <remarks>
/// Every method opens its own short-lived context, so one instance may be shared by concurrent requests.
/// Every method that reads or writes personal records takes the owner's person id and filters on it. There
/// is deliberately no method that lists analyses or plans across people.
/// </remarks>
public sealed partial class SkinsightStore
{
    private readonly DbContextOptions _options;

    /// <param name="interceptors">Interceptors that run after the encryption one, so that tests can interleave writes.</param>
    internal SkinsightStore(StoreSpec spec, KeyRing keys, params IInterceptor[] interceptors)
    {
        Spec = spec;
        Keys = keys;
        IInterceptor[] all = [EncryptionInterceptor.Instance, .. interceptors];
        _options = spec.Provider switch
        {
            StoreProvider.Sqlite => new DbContextOptionsBuilder<SqliteSkinsightContext>()
                .UseSqlite(spec.ConnectionString)
                .AddInterceptors(all)
                .Options,
            StoreProvider.Postgres => new DbContextOptionsBuilder<PostgresSkinsightContext>()
                .UseNpgsql(spec.ConnectionString)
                .AddInterceptors(all)
                .Options,
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Provider, "Unknown store provider."),
        };
    }

    public StoreSpec Spec { get; }

    /// <summary>The master key and per-person data keys that encrypt this store's personal fields.</summary>
    public KeyRing Keys { get; }

    /// <summary>Creates a context on this store's database, which the caller disposes.</summary>
    /// <remarks>For tools and tests. It bypasses the per-person filtering of the store's own methods.</remarks>
    public SkinsightContext CreateContext()
    {
        SkinsightContext context = Spec.Provider == StoreProvider.Sqlite
            ? new SqliteSkinsightContext((DbContextOptions<SqliteSkinsightContext>)_options)
            : new PostgresSkinsightContext((DbContextOptions<PostgresSkinsightContext>)_options);
        context.Keys = Keys;
        return context;
    }

    /// <summary>Returns the person with <paramref name="handle"/>, creating it when it does not exist.</summary>
    /// <remarks>
    /// The store keeps a keyed digest of the handle (<see cref="Person.Handle"/>), never the handle itself, so
    /// the returned person carries the digest.
    /// </remarks>
    public async Task<Person> GetOrCreatePersonAsync(string handle, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(handle);
        handle = Keys.HandleDigest(handle);
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
            await SaveAsync(context, cancellationToken);
            return person;
        }
        catch (DbUpdateException)
        {
            // Another process may have created the same handle between the lookup and the insert, so that the
            // unique index rejected this copy. Then the row that process wrote is the person.
            await using var retry = CreateContext();
            var winner = await retry.People.AsNoTracking().SingleOrDefaultAsync(p => p.Handle == handle, cancellationToken);
            if (winner is null)
            {
                throw;
            }

            return winner;
        }
    }

    /// <summary>Adds a person with <paramref name="handle"/>, or returns null when the handle is taken.</summary>
    /// <remarks>Like <see cref="GetOrCreatePersonAsync"/>, it stores the keyed digest of the handle.</remarks>
    public async Task<Person?> AddPersonAsync(string handle, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(handle);
        handle = Keys.HandleDigest(handle);
        await using var context = CreateContext();
        var person = new Person { Id = Guid.CreateVersion7(), CreatedAt = DateTime.UtcNow, Handle = handle };
        context.People.Add(person);
        try
        {
            await SaveAsync(context, cancellationToken);
            return person;
        }
        catch (DbUpdateException)
        {
            // The unique index on the handle rejects a taken one; any other failure propagates.
            if (await HandleExistsAsync(handle, cancellationToken))
            {
                return null;
            }

            throw;
        }
    }

    private async Task<bool> HandleExistsAsync(string handle, CancellationToken cancellationToken)
    {
        await using var context = CreateContext();
        return await context.People.AnyAsync(p => p.Handle == handle, cancellationToken);
    }

    /// <summary>Returns the single local person the CLI acts as until accounts exist.</summary>
    public Task<Person> GetOrCreateDefaultPersonAsync(CancellationToken cancellationToken = default) =>
        GetOrCreatePersonAsync(Person.DefaultHandle, cancellationToken);

    /// <summary>Returns the CLI's local person, or null when no command has created it yet or it was erased.</summary>
    public async Task<Person?> FindDefaultPersonAsync(CancellationToken cancellationToken = default)
    {
        string handle = Keys.HandleDigest(Person.DefaultHandle);
        await using var context = CreateContext();
        return await context.People.AsNoTracking().SingleOrDefaultAsync(p => p.Handle == handle, cancellationToken);
    }

    /// <summary>Returns whether <paramref name="person"/> is the CLI's local person, the machine's owner.</summary>
    public bool IsDefaultPerson(Person person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return person.Handle == Keys.HandleDigest(Person.DefaultHandle);
    }

    public async Task<Person?> FindPersonAsync(Guid personId, CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        return await context.People.AsNoTracking().SingleOrDefaultAsync(p => p.Id == personId, cancellationToken);
    }

    /// <summary>
    /// Deletes a person with every analysis, photo, plan, check-in, experiment exposure and background job they own, then
    /// destroys their data key, so that copies of their encrypted rows in older database files cannot be
    /// decrypted either.
    /// </summary>
    /// <returns>False when the person did not exist.</returns>
    public async Task<bool> DeletePersonAsync(Guid personId, CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        await using var transaction = await BeginWriteAsync(context, cancellationToken);

        // Rows are deleted child first, so erasure does not depend on the database enforcing cascades.
        await context.JobPayloads.Where(p => p.PersonId == personId).ExecuteDeleteAsync(cancellationToken);
        await context.Jobs.Where(j => j.PersonId == personId).ExecuteDeleteAsync(cancellationToken);
        await context.Exposures.Where(e => e.PersonId == personId).ExecuteDeleteAsync(cancellationToken);
        await context.CheckInSteps.Where(s => s.PersonId == personId).ExecuteDeleteAsync(cancellationToken);
        await context.CheckInValues.Where(v => v.PersonId == personId).ExecuteDeleteAsync(cancellationToken);
        await context.CheckIns.Where(c => c.PersonId == personId).ExecuteDeleteAsync(cancellationToken);
        await context.Plans.Where(p => p.PersonId == personId).ExecuteDeleteAsync(cancellationToken);
        await context.Photos.Where(p => p.PersonId == personId).ExecuteDeleteAsync(cancellationToken);
        await context.Analyses.Where(a => a.PersonId == personId).ExecuteDeleteAsync(cancellationToken);
        int deleted = await context.People.Where(p => p.Id == personId).ExecuteDeleteAsync(cancellationToken);
        await PseudonymizeAuditAsync(context, personId, cancellationToken);

        await transaction.CommitAsync(cancellationToken);

        // The key goes after the commit: if the process stops in between, the rows are gone and a later erasure
        // of the same id still destroys the key, which is the safe order.
        Keys.DestroyDataKey(personId);
        return deleted > 0;
    }

    /// <summary>
    /// Replaces an erased person's id in the audit log with their log pseudonym. The entries stay as the record
    /// of what was done with the data, erasure included, but no longer name the person's id.
    /// </summary>
    private async Task PseudonymizeAuditAsync(SkinsightContext context, Guid personId, CancellationToken cancellationToken)
    {
        string pseudonym = Keys.LogPseudonym(personId);
        await context.AuditLog.Where(e => e.ActorPersonId == personId)
            .ExecuteUpdateAsync(
                update => update.SetProperty(e => e.ActorPseudonym, pseudonym).SetProperty(e => e.ActorPersonId, (Guid?)null),
                cancellationToken);
        await context.AuditLog.Where(e => e.SubjectPersonId == personId)
            .ExecuteUpdateAsync(
                update => update.SetProperty(e => e.SubjectPseudonym, pseudonym).SetProperty(e => e.SubjectPersonId, (Guid?)null),
                cancellationToken);
    }

    /// <summary>Saves the context's changes, turning a SQLite lock timeout into a one-line <see cref="StoreException"/>.</summary>
    private async Task SaveAsync(SkinsightContext context, CancellationToken cancellationToken)
    {
        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (IsSqliteBusy(ex))
        {
            throw LockedPastTimeout(ex);
        }
    }

    /// <summary>
    /// Begins a transaction, turning a SQLite lock timeout into a one-line <see cref="StoreException"/>. SQLite
    /// transactions take the write lock when they begin, so a running catalog import makes this wait, not the save.
    /// </summary>
    private async Task<IDbContextTransaction> BeginWriteAsync(SkinsightContext context, CancellationToken cancellationToken)
    {
        try
        {
            return await context.Database.BeginTransactionAsync(cancellationToken);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6)
        {
            throw LockedPastTimeout(ex);
        }
    }

    private StoreException LockedPastTimeout(Exception inner) => new(
        $"The store {Spec.Description} stayed locked by another writer past the busy timeout, so nothing was saved. Retry once the running catalog import has finished.",
        inner);

    /// <summary>True for SQLITE_BUSY (5) and SQLITE_LOCKED (6), which remain after the busy timeout ran out.</summary>
    internal static bool IsSqliteBusy(Exception ex) =>
        ex.InnerException is SqliteException { SqliteErrorCode: 5 or 6 };

    /// <summary>
    /// True when a save failed on a unique index or primary key: SQLITE_CONSTRAINT_UNIQUE (2067) or
    /// SQLITE_CONSTRAINT_PRIMARYKEY (1555) on SQLite, unique_violation (23505) on PostgreSQL.
    /// </summary>
    internal static bool IsUniqueViolation(DbUpdateException ex) => ex.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    /// <summary>
    /// Runs <paramref name="write"/> once more when its save failed on a unique index. A concurrent request can
    /// insert the same row between the write's lookup and its insert, and the second run then finds that row and
    /// updates it or leaves it as it is.
    /// </summary>
    /// <remarks>Each run must open its own context, because a failed save leaves the first one's changes pending.</remarks>
    private static async Task<T> RetryOnUniqueViolationAsync<T>(Func<Task<T>> write)
    {
        try
        {
            return await write();
        }
        catch (DbUpdateException ex) when (IsUniqueViolation(ex))
        {
            return await write();
        }
    }

    /// <inheritdoc cref="RetryOnUniqueViolationAsync{T}(Func{Task{T}})"/>
    private static Task RetryOnUniqueViolationAsync(Func<Task> write) =>
        RetryOnUniqueViolationAsync(async () =>
        {
            await write();
            return true;
        });

    /// <summary>
    /// Locks the row of <paramref name="personId"/> until the transaction of <paramref name="context"/> ends.
    /// Writes that depend on one of the person's consents take this lock before they read the consent, and
    /// withdrawal takes it before it changes the consent, so each such write reads the consent as it is when the
    /// write commits.
    /// </summary>
    /// <remarks>
    /// PostgreSQL locks the row with <c>FOR NO KEY UPDATE</c>, which two such transactions cannot hold at once but
    /// which lets other requests insert rows that reference the person. SQLite has no row locks; there the
    /// transaction began with <c>BEGIN IMMEDIATE</c> (Microsoft.Data.Sqlite's default) and so already holds the
    /// database's only write lock.
    /// </remarks>
    /// <returns>False when the person does not exist.</returns>
    private async Task<bool> LockPersonAsync(SkinsightContext context, Guid personId, CancellationToken cancellationToken)
    {
        if (context.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("The person's row can only be locked inside a transaction.");
        }

        if (Spec.Provider != StoreProvider.Postgres)
        {
            return await context.People.AnyAsync(p => p.Id == personId, cancellationToken);
        }

        var locked = await context.Database
            .SqlQuery<Guid>($"""SELECT "Id" AS "Value" FROM people WHERE "Id" = {personId} FOR NO KEY UPDATE""")
            .ToListAsync(cancellationToken);
        return locked.Count > 0;
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
