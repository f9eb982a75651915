using System.CommandLine;
using Skinsight.Cli.Infrastructure;
using Skinsight.Data.Encryption;

namespace Skinsight.Cli.Commands;

/// <summary><c>skinsight keys rotate [--new-key FILE]</c></summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var newKey = new Option<FileInfo?>("--new-key")
        {
            Description = "File with the new master key as base64 of 32 bytes. Without it a random key is made; "
                + "that needs the master key to come from the key file, which is then replaced.",
            HelpName = "FILE",
        };
        var rotate = new Command("rotate", "Rewrap every data key under a new master key.") { newKey };
        rotate.SetAction(async (parseResult, cancellationToken) =>
        {
            using var context = new CommandContext(parseResult);
            var services = await context.ExistingServicesAsync(cancellationToken);
            KeyRing keys = services.Store.Keys;
            bool fromEnvironment = !keys.MasterKeyFromFile;
            MasterKey next;
            if (parseResult.GetValue(newKey) is { } file)
            {
                if (Directory.Exists(file.FullName))
                {
                    throw new CliException($"--new-key {file.FullName} is a folder; pass the file that contains the new master key as base64.");
                }

                if (!file.Exists)
                {
                    throw new CliException($"The new master key file {file.FullName} does not exist; create it with `openssl rand -base64 32 > FILE`.");
                }

                next = MasterKey.Parse(await File.ReadAllTextAsync(file.FullName, cancellationToken), file.FullName);
            }
            else if (fromEnvironment)
            {
                throw new CliException(
                    $"The master key comes from {keys.MasterKeySource}, so a new key cannot be stored for you; pass --new-key FILE and then set {keys.MasterKeySource} to that key.");
            }
            else
            {
                next = MasterKey.Generate();
            }

            string previous = keys.Master.Id;
            if (next.Id == previous)
            {
                throw new CliException(
                    $"--new-key {parseResult.GetValue(newKey)!.FullName} holds the current master key ({previous}), so nothing would change; "
                    + "pass a new key, such as one made with `openssl rand -base64 32 > FILE`.");
            }

            int count = keys.Rotate(next);
            if (context.Output.IsJson)
            {
                context.Output.WriteJson(new { RewrappedDataKeys = count, PreviousMasterKey = previous, MasterKey = next.Id });
            }
            else
            {
                context.Output.WriteLine($"Rewrapped {count} data keys from master key {previous} to {next.Id}.");
            }

            if (fromEnvironment)
            {
                context.Output.Error.WriteLine($"skinsight: set {keys.MasterKeySource} to the new key before the next start.");
            }

            return ExitCodes.Success;
        });
        return new Command("keys", "Manage the encryption keys of the store.") { rotate };
    }
}
