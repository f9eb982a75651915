using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Skinsight.Application.Accounts;
using Skinsight.Cli.Infrastructure;

namespace Skinsight.Cli.Commands;

/// <summary><c>skinsight user add HANDLE [--operator]</c> and <c>skinsight user grant-operator HANDLE</c></summary>
internal static class UserCommands
{
    public static Command Create() =>
        new("user", "Create accounts for the web API and grant the operator role.")
        {
            CreateAdd(),
            CreateGrantOperator(),
        };

    private static Command CreateAdd()
    {
        var handle = new Argument<string>("HANDLE") { Description = "Account handle: 3-64 characters from a-z, 0-9, '-', '.', '_'." };
        var isOperator = new Option<bool>("--operator")
        {
            Description = "Give the account the operator role (catalog import, audit log, research export).",
        };
        var passwordFile = new Option<FileInfo?>("--password-file")
        {
            Description = "File whose first line is the password. Without it the password is read from standard input.",
            HelpName = "PATH",
        };
        var command = new Command("add", $"Create an account and its person. Passwords need at least {IdentitySetup.MinimumPasswordLength} characters.")
        {
            handle, isOperator, passwordFile,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var context = new CommandContext(parseResult);
            string password = ReadPassword(parseResult.GetValue(passwordFile));
            await using var scope = await OpenAccountsAsync(context, existingStore: false, cancellationToken);
            var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
            var account = await accounts.CreateAsync(parseResult.GetRequiredValue(handle), password,
                parseResult.GetValue(isOperator), cancellationToken);
            if (context.Output.IsJson)
            {
                context.Output.WriteJson(new { account.UserName, account.PersonId, Operator = parseResult.GetValue(isOperator) });
            }
            else
            {
                string role = parseResult.GetValue(isOperator) ? " with the operator role" : "";
                context.Output.WriteLine($"Created account '{account.UserName}'{role} for person {account.PersonId}.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateGrantOperator()
    {
        var handle = new Argument<string>("HANDLE") { Description = "Handle of an existing account." };
        var command = new Command("grant-operator", "Give an existing account the operator role.") { handle };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var context = new CommandContext(parseResult);
            await using var scope = await OpenAccountsAsync(context, existingStore: true, cancellationToken);
            string name = parseResult.GetRequiredValue(handle).Trim().ToLowerInvariant();
            await scope.ServiceProvider.GetRequiredService<AccountService>().MakeOperatorAsync(name);
            context.Output.WriteLine($"Account '{name}' has the operator role.");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Opens the account services; <paramref name="existingStore"/> makes a missing SQLite file an error.</summary>
    private static async Task<AsyncServiceScope> OpenAccountsAsync(
        CommandContext context, bool existingStore, CancellationToken cancellationToken)
    {
        var services = existingStore
            ? await context.ExistingServicesAsync(cancellationToken)
            : await context.ServicesAsync(cancellationToken);
        var provider = new ServiceCollection().AddLogging();
        provider.AddSkinsightIdentity(services.Store);
        // The provider lives as long as the process; the CLI runs one command per process.
        return provider.BuildServiceProvider().CreateAsyncScope();
    }

    private static string ReadPassword(FileInfo? file)
    {
        if (file is not null)
        {
            InputFiles.RequireFile(file, "password");
            return File.ReadLines(file.FullName).FirstOrDefault() ?? "";
        }

        return Console.In.ReadLine() ?? throw new CliException("No password on standard input; pipe it in or pass --password-file PATH.");
    }
}
