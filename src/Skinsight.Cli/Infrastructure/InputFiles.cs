namespace Skinsight.Cli.Infrastructure;

/// <summary>Reads files named on the command line with clear errors and size limits.</summary>
internal static class InputFiles
{
    /// <summary>Largest photo file accepted, in bytes; larger files are rejected before they are read.</summary>
    public const long MaxPhotoBytes = 40L * 1024 * 1024;

    /// <summary>Largest profile file accepted, in bytes.</summary>
    public const long MaxProfileBytes = 1024 * 1024;

    public static async Task<byte[]> ReadPhotoAsync(FileInfo file, CancellationToken cancellationToken)
    {
        RequireFile(file, "photo");
        if (file.Length > MaxPhotoBytes)
        {
            throw new CliException(
                $"the photo {file.FullName} is {file.Length / (1024 * 1024)} MB; the limit is "
                + $"{MaxPhotoBytes / (1024 * 1024)} MB, so send a smaller JPEG, PNG or WebP.");
        }

        return await File.ReadAllBytesAsync(file.FullName, cancellationToken);
    }

    public static async Task<string> ReadProfileAsync(FileInfo file, CancellationToken cancellationToken)
    {
        RequireFile(file, "profile");
        if (file.Length > MaxProfileBytes)
        {
            throw new CliException($"the profile {file.FullName} is larger than 1 MB; a profile is a small JSON object.");
        }

        return await File.ReadAllTextAsync(file.FullName, cancellationToken);
    }

    public static void RequireFile(FileInfo file, string role)
    {
        if (Directory.Exists(file.FullName))
        {
            throw new CliException($"the {role} {file.FullName} is a folder; give a file.");
        }

        if (!file.Exists)
        {
            throw new CliException($"the {role} file {file.FullName} was not found; check the path.");
        }
    }

    /// <summary>Returns the full path of a data folder given with --data, or fails naming it.</summary>
    public static string RequireFolder(DirectoryInfo folder) =>
        folder.Exists ? folder.FullName : throw new CliException($"the data folder {folder.FullName} was not found; check --data.");

    /// <summary>Creates an output folder given with <paramref name="option"/>, or fails naming it.</summary>
    public static string CreateOutputFolder(DirectoryInfo folder, string option)
    {
        if (File.Exists(folder.FullName))
        {
            throw new CliException($"{option} {folder.FullName} is a file; give a folder to write into.");
        }

        try
        {
            return Directory.CreateDirectory(folder.FullName).FullName;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{option} {folder.FullName} cannot be created ({ex.Message}); give a folder you can write to.");
        }
    }
}
