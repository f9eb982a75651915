using Skinsight.Core;
using Skinsight.Web.Hosting;

namespace Skinsight.Web.Endpoints;

/// <summary>Reads multipart uploads with errors that name the field and say what to send.</summary>
internal static class UploadReader
{
    /// <summary>The photo field of the upload endpoints, as the OpenAPI document describes it.</summary>
    public static MultipartField PhotoField(bool required) =>
        new("photo", MultipartFieldKind.File, required, "The photo: JPEG, PNG or WebP.");

    public static async Task<IFormCollection> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            throw new UnsupportedUploadException(
                $"Content type '{request.ContentType ?? "none"}' is not accepted; send multipart/form-data.");
        }

        return await request.ReadFormAsync(cancellationToken);
    }

    /// <summary>Returns the bytes of file field <paramref name="field"/>, or null when it is absent and optional.</summary>
    public static async Task<byte[]?> ReadFileAsync(IFormCollection form, string field, bool required,
        CancellationToken cancellationToken)
    {
        IFormFile? file = form.Files.GetFile(field);
        if (file is null)
        {
            return required
                ? throw new InvalidInputException($"The multipart field '{field}' is missing; attach the file as '{field}'.")
                : null;
        }

        if (file.Length == 0)
        {
            throw new InvalidInputException($"The file in field '{field}' is empty (0 bytes); attach the file's contents, not only its name.");
        }

        if (file.Length > WebHostOptions.MaxUploadBytes)
        {
            throw new PayloadTooLargeException(
                $"The file in field '{field}' is larger than {WebHostOptions.MaxUploadBytes / (1024 * 1024)} MB.");
        }

        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }
}

/// <summary>The request body is not multipart/form-data.</summary>
internal sealed class UnsupportedUploadException(string message) : InvalidInputException(message)
{
    public override int StatusCode => StatusCodes.Status415UnsupportedMediaType;
}

/// <summary>An uploaded file is over the size limit.</summary>
internal sealed class PayloadTooLargeException(string message) : InvalidInputException(message)
{
    public override int StatusCode => StatusCodes.Status413PayloadTooLarge;
}
