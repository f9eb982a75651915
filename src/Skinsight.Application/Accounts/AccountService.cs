using Microsoft.AspNetCore.Identity;
using Skinsight.Core;
using Skinsight.Data;
using Skinsight.Data.Entities;

namespace Skinsight.Application.Accounts;

/// <summary>Creates accounts, each with its own new person, and grants the operator role.</summary>
public sealed class AccountService(SkinsightStore store, UserManager<Account> users, RoleManager<IdentityRole<Guid>> roles)
{
    /// <summary>Characters a handle may contain; handles double as Identity user names.</summary>
    public const string HandleCharacters = "abcdefghijklmnopqrstuvwxyz0123456789-._";

    /// <summary>
    /// Creates a person with handle <paramref name="handle"/> and an account with <paramref name="password"/>
    /// that signs in for them. Nothing is stored when either step fails.
    /// </summary>
    /// <exception cref="InvalidInputException">The handle is invalid or taken, or Identity rejects the password.</exception>
    public async Task<Account> CreateAsync(string handle, string password, bool isOperator,
        CancellationToken cancellationToken = default)
    {
        handle = ValidateHandle(handle);
        if (await users.FindByNameAsync(handle) is not null)
        {
            throw new AccountTakenException(handle);
        }

        var person = await store.AddPersonAsync(handle, cancellationToken) ?? throw new AccountTakenException(handle);
        var account = new Account
        {
            Id = Guid.CreateVersion7(),
            UserName = handle,
            PersonId = person.Id,
            CreatedAt = person.CreatedAt,
        };
        var created = await users.CreateAsync(account, password ?? "");
        if (!created.Succeeded)
        {
            await store.DeletePersonAsync(person.Id, cancellationToken);
            throw new InvalidInputException($"The account '{handle}' was not created: {Describe(created)}");
        }

        if (isOperator)
        {
            await MakeOperatorAsync(account);
        }

        return account;
    }

    /// <summary>Adds the operator role to the account named <paramref name="handle"/>.</summary>
    /// <exception cref="InvalidInputException">No account has that handle.</exception>
    public async Task MakeOperatorAsync(string handle)
    {
        var account = await users.FindByNameAsync(handle)
            ?? throw new InvalidInputException($"No account '{handle}' exists; create it with 'skinsight user add {handle}'.");
        await MakeOperatorAsync(account);
    }

    private async Task MakeOperatorAsync(Account account)
    {
        if (!await roles.RoleExistsAsync(Account.OperatorRole))
        {
            Check(await roles.CreateAsync(new IdentityRole<Guid>(Account.OperatorRole) { Id = Guid.CreateVersion7() }));
        }

        if (!await users.IsInRoleAsync(account, Account.OperatorRole))
        {
            Check(await users.AddToRoleAsync(account, Account.OperatorRole));
        }
    }

    /// <summary>Returns the handle in its stored form, lower case and trimmed.</summary>
    /// <exception cref="InvalidInputException">The handle is too short, too long, reserved or has other characters.</exception>
    public static string ValidateHandle(string? handle)
    {
        string value = (handle ?? "").Trim().ToLowerInvariant();
        if (value.Length is < 3 or > 64 || !value.All(HandleCharacters.Contains))
        {
            throw new InvalidInputException(
                $"The handle '{handle}' is invalid; use 3 to 64 characters from a-z, 0-9, '-', '.' and '_'.");
        }

        if (value == Person.DefaultHandle)
        {
            throw new InvalidInputException(
                $"The handle '{Person.DefaultHandle}' is reserved for the CLI's local person; choose another.");
        }

        return value;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Identity rejected a role change: {Describe(result)}");
        }
    }

    private static string Describe(IdentityResult result) =>
        string.Join(" ", result.Errors.Select(e => e.Description));
}

/// <summary>A sign-up named a handle that another person already has.</summary>
public sealed class AccountTakenException(string handle)
    : InvalidInputException($"The handle '{handle}' is taken; choose another.")
{
    public override int StatusCode => 409;
}
