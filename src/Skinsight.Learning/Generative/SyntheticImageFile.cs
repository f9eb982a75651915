using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using SkiaSharp;

namespace Skinsight.Learning.Generative;

/// <summary>
/// Writes generated images as PNG files marked synthetic: a <c>tEXt</c> chunk with the keyword
/// <see cref="Keyword"/> says the image came from a GAN, so that no tool mistakes it for a photo of a person.
/// </summary>
public static class SyntheticImageFile
{
    /// <summary>The PNG text keyword of the mark.</summary>
    public const string Keyword = "Skinsight-Synthetic";

    private static readonly byte[] s_signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// Lays out <paramref name="images"/> (RGB bytes, [count, 3, size, size]) in a grid of
    /// <paramref name="columns"/> columns with a 2-pixel gap and writes it as a marked PNG.
    /// </summary>
    public static void WriteGrid(string path, byte[] images, int count, int size, int columns, string description)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        const int gap = 2;
        int rows = (count + columns - 1) / columns;
        int width = (columns * (size + gap)) + gap;
        int height = (rows * (size + gap)) + gap;
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        bitmap.Erase(SKColors.White);
        int plane = size * size;
        for (int n = 0; n < count; n++)
        {
            int left = gap + ((n % columns) * (size + gap));
            int top = gap + ((n / columns) * (size + gap));
            int offset = n * 3 * plane;
            for (int y = 0; y < size; y++)
            {
                for (int x = 0; x < size; x++)
                {
                    int p = offset + (y * size) + x;
                    bitmap.SetPixel(left + x, top + y, new SKColor(images[p], images[p + plane], images[p + (2 * plane)]));
                }
            }
        }

        using SKData png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        File.WriteAllBytes(path, AddMark(png.ToArray(), description));
    }

    /// <summary>Returns <paramref name="png"/> with the synthetic mark inserted right after its header chunk.</summary>
    public static byte[] AddMark(byte[] png, string description)
    {
        ArgumentNullException.ThrowIfNull(png);
        const int headerEnd = 8 + 4 + 4 + 13 + 4;
        if (png.Length < headerEnd || !png.AsSpan(0, 8).SequenceEqual(s_signature))
        {
            throw new ArgumentException("The bytes are not a PNG file.", nameof(png));
        }

        byte[] text = Encoding.Latin1.GetBytes($"{Keyword}\0{description}");
        var chunk = new byte[12 + text.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, text.Length);
        Encoding.ASCII.GetBytes("tEXt").CopyTo(chunk, 4);
        text.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + text.Length), Crc32.HashToUInt32(chunk.AsSpan(4, 4 + text.Length)));
        return [.. png.AsSpan(0, headerEnd), .. chunk, .. png.AsSpan(headerEnd)];
    }

    /// <summary>Returns the text of the synthetic mark of a PNG file, or null when it has none.</summary>
    public static string? ReadMark(byte[] png)
    {
        ArgumentNullException.ThrowIfNull(png);
        int position = 8;
        while (position + 12 <= png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(position));
            if (length < 0 || position + 12 + length > png.Length)
            {
                return null;
            }

            string type = Encoding.ASCII.GetString(png, position + 4, 4);
            if (type == "tEXt")
            {
                string text = Encoding.Latin1.GetString(png, position + 8, length);
                int separator = text.IndexOf('\0', StringComparison.Ordinal);
                if (separator > 0 && text[..separator] == Keyword)
                {
                    return text[(separator + 1)..];
                }
            }

            position += 12 + length;
        }

        return null;
    }
}
