using System.CommandLine;
using Skinsight.Cli.Infrastructure;

namespace Skinsight.Cli.Commands;

/// <summary><c>skinsight export --out FILE.zip</c> and <c>skinsight erase --yes</c> for the local person.</summary>
internal static class PersonalDataCommands
{
    public static Command CreateExport()
    {
        var output = new Option<FileInfo>("--out")
        {
            Description = "ZIP file to write: skinsight-data.json with every analysis and plan, and the kept photos.",
            HelpName = "FILE.zip",
            Required = true,
        };
        var command = new Command("export", "Write everything the store holds about you to one ZIP archive.") { output };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var context = new CommandContext(parseResult);
            FileInfo target = parseResult.GetRequiredValue(output);
            if (Directory.Exists(target.FullName))
            {
                throw new CliException($"--out {target.FullName} is a folder; pass a file name ending in .zip, such as my-data.zip.");
            }

            if (target.Exists)
            {
                throw new CliException($"The file {target.FullName} already exists; pass a new --out path or delete it first.");
            }

            if (target.Directory is { Exists: false } folder)
            {
                throw new CliException(File.Exists(folder.FullName)
                    ? $"--out {target.FullName} is inside {folder.FullName}, which is a file, not a folder; pass an --out path in an existing folder."
                    : $"The folder {folder.FullName} does not exist; create it or pass an --out path in an existing folder.");
            }

            var services = await context.ExistingServicesAsync(cancellationToken);
            Guid person = await context.LocalPersonAsync(cancellationToken);
            string temporary = target.FullName + ".partial";
            try
            {
                await using (var stream = CreateArchive(temporary, target))
                {
                    await services.PersonalData.ExportAsync(person, stream, cancellationToken);
                }

                File.Move(temporary, target.FullName);
            }
            finally
            {
                File.Delete(temporary);
            }

            if (context.Output.IsJson)
            {
                context.Output.WriteJson(new { Path = target.FullName, Bytes = new FileInfo(target.FullName).Length });
            }
            else
            {
                context.Output.Error.WriteLine($"skinsight: wrote {target.FullName}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static FileStream CreateArchive(string temporary, FileInfo target)
    {
        try
        {
            return File.Create(temporary);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Without this the user sees the .partial name and an error such as "file not found", which reads as
            // if the export had looked for an input file.
            throw new CliException(
                $"Could not create {temporary} to write {target.FullName} ({CliRunner.OneLine(ex.Message)}); pass an --out path in a folder you can write to.");
        }
    }

    public static Command CreateErase()
    {
        var yes = new Option<bool>("--yes")
        {
            Description = "Confirm the erasure, which cannot be undone.",
        };
        var command = new Command("erase", "Delete every record of yours and destroy your data key, so that "
            + "copies of the database cannot be decrypted either.") { yes };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (!parseResult.GetValue(yes))
            {
                throw new CliException("Erasure deletes all your analyses, photos, plans, check-ins, product history and consents for good; run `skinsight erase --yes` to confirm.");
            }

            using var context = new CommandContext(parseResult);
            var services = await context.ExistingServicesAsync(cancellationToken);
            // Looked up rather than created, so that erasing an empty or already erased store does not first make
            // a person only to report erasing it.
            Guid? person = (await services.Store.FindDefaultPersonAsync(cancellationToken))?.Id;
            if (person is { } id)
            {
                await services.PersonalData.EraseAsync(id, cancellationToken);
            }

            if (context.Output.IsJson)
            {
                context.Output.WriteJson(new { ErasedPerson = person });
            }
            else if (person is null)
            {
                context.Output.Error.WriteLine("skinsight: the store contains no records of yours, so there is nothing to erase");
            }
            else
            {
                context.Output.Error.WriteLine($"skinsight: erased person {person} and destroyed their data key");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
