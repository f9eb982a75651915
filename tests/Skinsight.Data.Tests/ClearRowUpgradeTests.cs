using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Skinsight.Core.History;
using Skinsight.Data.Encryption;
using Skinsight.Data.Entities;

namespace Skinsight.Data.Tests;

/// <summary>Accounts, product history and check-in values written in clear by earlier versions.</summary>
public class ClearRowUpgradeTests
{
    [Fact]
    public async Task Account_StoredAsDigests_FoundByNameAndEmail()
    {
        await using var temp = await TempStore.OpenAsync();
        var person = await temp.Store.GetOrCreatePersonAsync("someone");
        await using var accounts = AccountManager.Create(temp.Store);
        var account = new Account { Id = Guid.NewGuid(), PersonId = person.Id, UserName = "someone", Email = "Some.One@example.org" };
        Assert.True((await accounts.Users.CreateAsync(account, "correct horse battery")).Succeeded);

        var byName = await accounts.Users.FindByNameAsync("SomeOne");
        var byEmail = await accounts.Users.FindByEmailAsync("some.one@EXAMPLE.org");
        var stored = await RawAccountAsync(temp);

        Assert.Equal(account.Id, byName?.Id);
        Assert.Equal(account.Id, byEmail?.Id);
        Assert.Equal("someone", byName!.UserName);
        Assert.Equal("Some.One@example.org", byName.Email);
        Assert.StartsWith("h1:", stored.NormalizedUserName, StringComparison.Ordinal);
        Assert.StartsWith("h1:", stored.NormalizedEmail, StringComparison.Ordinal);
        Assert.StartsWith(FieldCipher.TextPrefix, stored.UserName, StringComparison.Ordinal);
        Assert.StartsWith(FieldCipher.TextPrefix, stored.Email, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Account_SecondWithSameName_IsRejected()
    {
        await using var temp = await TempStore.OpenAsync();
        var first = await temp.Store.GetOrCreatePersonAsync("first");
        var second = await temp.Store.GetOrCreatePersonAsync("second");
        await using var accounts = AccountManager.Create(temp.Store);

        var created = await accounts.Users.CreateAsync(new Account { Id = Guid.NewGuid(), PersonId = first.Id, UserName = "taken" });
        var duplicate = await accounts.Users.CreateAsync(new Account { Id = Guid.NewGuid(), PersonId = second.Id, UserName = "TAKEN" });

        Assert.True(created.Succeeded);
        Assert.Contains(duplicate.Errors, e => e.Code == "DuplicateUserName");
    }

    [Fact]
    public async Task Open_ClearRows_AreEncryptedAndUsable()
    {
        var (personId, path, keys, folder) = await WriteClearRowsAsync();
        using var cleanup = folder;

        var reopened = await StoreFactory.OpenAsync(path, new KeyRingOptions(keys));
        await using var accounts = AccountManager.Create(reopened);
        var account = await accounts.Users.FindByNameAsync("legacy-user");
        var byEmail = await accounts.Users.FindByEmailAsync("legacy@example.org");
        var experience = Assert.Single(await reopened.ListExperiencesAsync(personId));
        var value = Assert.Single((await reopened.LoadCheckInHistoryAsync(personId)).Values);
        var raw = await RawColumnsAsync(path);

        Assert.Equal("legacy-user", account?.UserName);
        Assert.Equal(account?.Id, byEmail?.Id);
        Assert.Equal(new ProductExperience("legacy:P1", ExperienceKind.Reacted, experience.RecordedAt, "itchy rash"), experience);
        Assert.Equal(12.25, value.Value);
        Assert.Equal(personId, (await reopened.GetOrCreatePersonAsync("legacy-user")).Id);
        Assert.All(raw, column => Assert.True(
            column.Value.StartsWith(FieldCipher.TextPrefix, StringComparison.Ordinal) || column.Value.StartsWith("h1:", StringComparison.Ordinal),
            $"{column.Key} is still in clear: {column.Value}"));
        Assert.Equal(1, await reopened.RemoveExperienceAsync(personId, "legacy:P1", ExperienceKind.Reacted));
    }

    [Fact]
    public async Task Open_AfterUpgrade_ChangesNothing()
    {
        var (_, path, keys, folder) = await WriteClearRowsAsync();
        using var cleanup = folder;
        await StoreFactory.OpenAsync(path, new KeyRingOptions(keys));
        var before = await RawColumnsAsync(path);

        var second = await StoreFactory.OpenAsync(path, new KeyRingOptions(keys));

        Assert.Equal(0, await second.ProtectClearRowsAsync(CancellationToken.None));
        Assert.Equal(before, await RawColumnsAsync(path));
    }

    [Fact]
    public async Task Open_ClearValuesOverSeveralBatches_AreAllEncrypted()
    {
        using var folder = new Skinsight.Testing.TempFolder();
        string path = folder.File("store.db");
        var keys = new KeyRingOptions(folder.File("keys"));
        var store = await StoreFactory.OpenAsync(path, keys);
        var person = await store.GetOrCreatePersonAsync("many-values");
        var at = new DateTime(2026, 3, 2, 9, 30, 0, DateTimeKind.Utc);
        await store.AddCheckInAsync(person.Id, new CheckInRecord
        {
            TakenAt = at,
            Values = [.. Enumerable.Range(0, 2500).Select(i => new CheckInValueRecord
            {
                Source = CheckInValueSource.Sensor, Kind = "hydration", Value = i, Unit = "AU", MeasuredAt = at.AddSeconds(i),
            })],
        }, null, null);
        await using (var context = store.CreateContext())
        {
            await context.Database.ExecuteSqlRawAsync("""UPDATE check_in_values SET "Value" = CAST("Id" AS TEXT)""");
        }

        SqliteConnection.ClearAllPools();

        var reopened = await StoreFactory.OpenAsync(path, keys);
        var values = (await reopened.LoadCheckInHistoryAsync(person.Id)).Values;
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var command = new SqliteCommand("""SELECT COUNT(*) FROM check_in_values WHERE "Value" NOT LIKE 'enc1:%'""", connection);
        long clear = (long)(await command.ExecuteScalarAsync())!;

        Assert.Equal(2500, values.Count);
        Assert.All(values, v => Assert.Equal(v.Id, v.Value));
        Assert.Equal(0, clear);
        SqliteConnection.ClearAllPools();
    }

    /// <summary>
    /// Creates a store with one account, one product history entry and one check-in value, then rewrites them
    /// in the clear form that earlier versions stored.
    /// </summary>
    private static async Task<(Guid PersonId, string Path, string Keys, Skinsight.Testing.TempFolder Folder)> WriteClearRowsAsync()
    {
        var folder = new Skinsight.Testing.TempFolder();
        string path = folder.File("store.db");
        string keys = folder.File("keys");
        var store = await StoreFactory.OpenAsync(path, new KeyRingOptions(keys));
        var person = await store.GetOrCreatePersonAsync("legacy-user");
        await using (var accounts = AccountManager.Create(store))
        {
            var account = new Account { Id = Guid.NewGuid(), PersonId = person.Id, UserName = "legacy-user" };
            Assert.True((await accounts.Users.CreateAsync(account, "correct horse battery")).Succeeded);
        }

        var at = new DateTime(2026, 3, 2, 9, 30, 0, DateTimeKind.Utc);
        await store.AddCheckInAsync(person.Id, new CheckInRecord
        {
            TakenAt = at,
            Values = [new CheckInValueRecord { Source = CheckInValueSource.Rating, Kind = "dryness", Value = 1, Unit = "score", MeasuredAt = at }],
        }, null, null);

        await using var context = store.CreateContext();
        await context.Database.ExecuteSqlRawAsync("""
            UPDATE accounts SET "UserName" = 'legacy-user', "NormalizedUserName" = 'LEGACY-USER',
                "Email" = 'legacy@example.org', "NormalizedEmail" = 'LEGACY@EXAMPLE.ORG';
            UPDATE check_in_values SET "Value" = '12.25';
            UPDATE people SET "Handle" = 'legacy-user';
            """);
        await context.Database.ExecuteSqlAsync($"""
            INSERT INTO product_experiences ("Id", "PersonId", "ProductKey", "Kind", "Note", "RecordedAt")
            VALUES ({Guid.NewGuid()}, {person.Id}, 'legacy:P1', 'Reacted', 'itchy rash', {at});
            """);
        SqliteConnection.ClearAllPools();
        return (person.Id, path, keys, folder);
    }

    private static async Task<Account> RawAccountAsync(TempStore temp)
    {
        var raw = await RawColumnsAsync(temp.Path);
        return new Account
        {
            UserName = raw["accounts.UserName"],
            NormalizedUserName = raw["accounts.NormalizedUserName"],
            Email = raw["accounts.Email"],
            NormalizedEmail = raw["accounts.NormalizedEmail"],
        };
    }

    /// <summary>Reads the protected columns as stored, bypassing EF Core and its decryption.</summary>
    private static async Task<Dictionary<string, string>> RawColumnsAsync(string path)
    {
        var columns = new Dictionary<string, string>();
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        string[] queries =
        [
            """SELECT 'people.Handle', "Handle" FROM people""",
            """SELECT 'accounts.UserName', "UserName" FROM accounts""",
            """SELECT 'accounts.NormalizedUserName', "NormalizedUserName" FROM accounts""",
            """SELECT 'accounts.Email', "Email" FROM accounts WHERE "Email" IS NOT NULL""",
            """SELECT 'accounts.NormalizedEmail', "NormalizedEmail" FROM accounts WHERE "NormalizedEmail" IS NOT NULL""",
            """SELECT 'product_experiences.ProductKey', "ProductKey" FROM product_experiences""",
            """SELECT 'product_experiences.Kind', "Kind" FROM product_experiences""",
            """SELECT 'product_experiences.Note', "Note" FROM product_experiences""",
            """SELECT 'product_experiences.EntryDigest', "EntryDigest" FROM product_experiences""",
            """SELECT 'check_in_values.Value', "Value" FROM check_in_values""",
        ];
        foreach (string query in queries)
        {
            await using var command = new SqliteCommand(query, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                columns[reader.GetString(0)] = reader.GetString(1);
            }
        }

        SqliteConnection.ClearAllPools();
        return columns;
    }
}
