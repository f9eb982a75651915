using System.Text;

namespace Skinsight.Vision.Decoding;

/// <summary>The image formats the analyzer decodes.</summary>
internal enum PhotoFormat
{
    Jpeg,
    Png,
    Webp,
}

/// <summary>
/// Identifies an image format from its leading bytes (its magic number), so that a file's name or declared content
/// type is never trusted.
/// </summary>
internal static class ImageFormatSniffer
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Returns the format of <paramref name="data"/>.</summary>
    /// <exception cref="InvalidImageException">The bytes are not a JPEG, PNG or WebP image.</exception>
    public static PhotoFormat Sniff(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        {
            return PhotoFormat.Jpeg;
        }

        if (data.StartsWith(PngSignature))
        {
            return PhotoFormat.Png;
        }

        if (data.Length >= 12 && data[..4].SequenceEqual("RIFF"u8) && data.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return PhotoFormat.Webp;
        }

        string? other = NameOtherFormat(data);
        throw new InvalidImageException(other is null
            ? "The file is not an image (it is neither JPEG, PNG nor WebP): send a JPEG, PNG or WebP photo."
            : $"The file is a {other} image, which is not supported: convert it to JPEG, PNG or WebP and send it again.");
    }

    /// <summary>Returns the name of a well-known unsupported format, so the error can say what the file is.</summary>
    private static string? NameOtherFormat(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith("GIF8"u8))
        {
            return "GIF";
        }

        if (data.StartsWith("BM"u8) && data.Length >= 14)
        {
            return "BMP";
        }

        if (data.StartsWith("II*\0"u8) || data.StartsWith("MM\0*"u8))
        {
            return "TIFF";
        }

        if (data.StartsWith("%PDF"u8))
        {
            return "PDF";
        }

        // ISO base media files (HEIC, AVIF) carry "ftyp" and a brand at offset 4.
        if (data.Length >= 12 && data.Slice(4, 4).SequenceEqual("ftyp"u8))
        {
            string brand = Encoding.ASCII.GetString(data.Slice(8, 4));
            return brand switch
            {
                "avif" or "avis" => "AVIF",
                "heic" or "heix" or "hevc" or "heim" or "heis" or "mif1" or "msf1" => "HEIC",
                _ => null,
            };
        }

        return null;
    }
}
