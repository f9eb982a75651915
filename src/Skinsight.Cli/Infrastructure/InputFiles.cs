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

    /// <summary>Returns the full path of a data folder given with <paramref name="option"/>, or fails naming it.</summary>
    public static string RequireFolder(DirectoryInfo folder, string option = "--data") =>
        folder.Exists ? folder.FullName : throw new CliException($"the data folder {folder.FullName} was not found; check {option}.");

    /// <summary>
    /// Checks an output file given with <paramref name="option"/> before any work is done: it must end in
    /// <paramref name="extension"/>, must not be a folder, and its folder must exist.
    /// </summary>
    public static string RequireOutputFile(FileInfo file, string option, string extension)
    {
        if (Directory.Exists(file.FullName))
        {
            throw new CliException($"{option} {file.FullName} is a folder; give a file name ending in {extension}.");
        }

        if (!file.Name.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
        {
            throw new CliException(
                $"{option} {file.FullName} does not end in {extension}; the picture is written as {extension[1..].ToUpperInvariant()}, so name the file *{extension}.");
        }

        if (file.Directory is { Exists: false } parent)
        {
            throw new CliException($"{option} {file.FullName} cannot be written because the folder {parent.FullName} does not exist; create it first.");
        }

        return file.FullName;
    }

    /// <summary>Writes <paramref name="bytes"/> to a file given with <paramref name="option"/>, or fails naming it.</summary>
    public static async Task WriteOutputFileAsync(string path, byte[] bytes, string option, CancellationToken cancellationToken)
    {
        try
        {
            await File.WriteAllBytesAsync(path, bytes, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{option} {path} cannot be written ({ex.Message}); give a file you can write to.");
        }
    }

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
