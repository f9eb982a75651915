using System.Buffers.Binary;
using SkiaSharp;

namespace Skinsight.Web.Tests.Fuzz;

/// <summary>The kind of damage one corpus case carries.</summary>
public enum Mutation
{
    Truncated,
    BitFlipped,
    WrongMagic,
    HugeDimensions,
    NestedContainer,
    LyingChunkLength,
    Garbage,
}

/// <summary>One malformed upload: its bytes, the damage done, and the seed format it started from.</summary>
public sealed record CorpusCase(int Index, Mutation Mutation, string SeedFormat, byte[] Bytes)
{
    public override string ToString() => $"#{Index} {Mutation} from {SeedFormat} ({Bytes.Length} bytes)";
}

/// <summary>
/// Generates malformed images from seed photos it draws itself: skin-toned, textured faces encoded as JPEG,
/// PNG and WebP. Each case is one seed with one mutation. The same seed value gives the same corpus.
/// </summary>
public sealed class MalformedImageCorpus
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly (string Format, byte[] Bytes)[] _seeds;
    private readonly int _seed;

    public MalformedImageCorpus(int seed = 1)
    {
        _seed = seed;
        _seeds =
        [
            // Small sizes keep a run of thousands affordable; each is still above the analyzer's 64 px minimum.
            ("jpeg", Encode(DrawFace(320, 400, seed), SKEncodedImageFormat.Jpeg)),
            ("png", Encode(DrawFace(300, 300, seed + 1), SKEncodedImageFormat.Png)),
            ("webp", Encode(DrawFace(360, 320, seed + 2), SKEncodedImageFormat.Webp)),
        ];
    }

    /// <summary>The undamaged seed images.</summary>
    public IReadOnlyList<(string Format, byte[] Bytes)> Seeds => _seeds;

    /// <summary>Yields <paramref name="count"/> cases, cycling through the mutations and the seeds.</summary>
    public IEnumerable<CorpusCase> Generate(int count)
    {
        var random = new Random(_seed);
        var mutations = Enum.GetValues<Mutation>();
        for (int i = 0; i < count; i++)
        {
            var mutation = mutations[i % mutations.Length];
            var (format, bytes) = _seeds[(i / mutations.Length) % _seeds.Length];
            yield return new CorpusCase(i, mutation, format, Mutate(mutation, format, bytes, random));
        }
    }

    private static byte[] Mutate(Mutation mutation, string format, byte[] seed, Random random) => mutation switch
    {
        Mutation.Truncated => seed[..random.Next(0, seed.Length)],
        Mutation.BitFlipped => FlipBits(seed, random),
        Mutation.WrongMagic => WrongMagic(seed, random),
        Mutation.HugeDimensions => HugeDimensions(format, seed, random),
        Mutation.NestedContainer => Nest(seed, random),
        Mutation.LyingChunkLength => LieAboutLength(format, seed, random),
        _ => Garbage(seed, random),
    };

    private static byte[] FlipBits(byte[] seed, Random random)
    {
        byte[] copy = (byte[])seed.Clone();
        int flips = 1 << random.Next(0, 7);
        for (int i = 0; i < flips; i++)
        {
            int at = random.Next(0, copy.Length);
            copy[at] ^= (byte)(1 << random.Next(0, 8));
        }

        return copy;
    }

    private static byte[] WrongMagic(byte[] seed, Random random)
    {
        byte[][] magics =
        [
            "GIF89a"u8.ToArray(),
            "BM"u8.ToArray(),
            "%PDF-1.7"u8.ToArray(),
            "II*\0"u8.ToArray(),
            [0x00, 0x00, 0x00, 0x18, .. "ftypheic"u8.ToArray()],
            [.. PngSignature],
            [0xFF, 0xD8, 0xFF, 0xE0],
            "RIFF\0\0\0\0WEBP"u8.ToArray(),
            [0, 0, 0, 0],
        ];
        byte[] magic = magics[random.Next(magics.Length)];
        byte[] copy = (byte[])seed.Clone();
        magic.AsSpan(0, Math.Min(magic.Length, copy.Length)).CopyTo(copy);
        return copy;
    }

    /// <summary>Rewrites the header's width and height to values up to 2^31, keeping checksums valid where there are any.</summary>
    private static byte[] HugeDimensions(string format, byte[] seed, Random random)
    {
        byte[] copy = (byte[])seed.Clone();
        int width = random.Next(2) == 0 ? 50_000 : random.Next(20_000, int.MaxValue);
        int height = random.Next(2) == 0 ? 50_000 : random.Next(20_000, int.MaxValue);
        switch (format)
        {
            case "png":
                return WithPngSize(copy, width, height);
            case "jpeg":
                int sof = FindJpegFrameHeader(copy);
                if (sof >= 0)
                {
                    BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(sof + 5), (ushort)Math.Min(height, ushort.MaxValue));
                    BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(sof + 7), (ushort)Math.Min(width, ushort.MaxValue));
                }

                break;
            default:
                // Lossy WebP (VP8): 14-bit width and height at offsets 26 and 28 after the key-frame start code.
                if (copy.Length > 30)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(26), 0x3FFF);
                    BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(28), 0x3FFF);
                }

                break;
        }

        return copy;
    }

    /// <summary>Returns a copy of <paramref name="png"/> whose IHDR claims the given size, with its CRC fixed.</summary>
    public static byte[] WithPngSize(byte[] png, int width, int height)
    {
        byte[] copy = (byte[])png.Clone();
        BinaryPrimitives.WriteInt32BigEndian(copy.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(copy.AsSpan(20), height);
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(29), PngCrc(copy.AsSpan(12, 17)));
        return copy;
    }

    /// <summary>Wraps the image in another container, or hides images inside its own metadata.</summary>
    private static byte[] Nest(byte[] seed, Random random)
    {
        switch (random.Next(4))
        {
            case 0:
                // A RIFF WEBP header whose payload is the other image, with a chunk size that matches it.
                byte[] riff = [.. "RIFF"u8.ToArray(), 0, 0, 0, 0, .. "WEBPVP8 "u8.ToArray(), 0, 0, 0, 0, .. seed];
                BinaryPrimitives.WriteInt32LittleEndian(riff.AsSpan(4), riff.Length - 8);
                BinaryPrimitives.WriteInt32LittleEndian(riff.AsSpan(16), seed.Length);
                return riff;
            case 1:
                // A JPEG SOI followed by APP1 segments that each hold a truncated copy of the image, then the image.
                var nested = new List<byte> { 0xFF, 0xD8 };
                for (int i = 0; i < random.Next(1, 20); i++)
                {
                    int length = Math.Min(seed.Length, 60_000);
                    nested.AddRange([0xFF, 0xE1, (byte)((length + 2) >> 8), (byte)(length + 2)]);
                    nested.AddRange(seed.AsSpan(0, length).ToArray());
                }

                nested.AddRange(seed.AsSpan(Math.Min(2, seed.Length)).ToArray());
                return [.. nested];
            case 2:
                // A PNG whose only chunks are private ones holding the image, and no IHDR.
                var png = new List<byte>(PngSignature.ToArray());
                AddPngChunk(png, "skIn"u8, seed);
                AddPngChunk(png, "IEND"u8, []);
                return [.. png];
            default:
                // The image three times in a row, as if concatenated by a broken upload.
                return [.. seed, .. seed, .. seed];
        }
    }

    private static byte[] LieAboutLength(string format, byte[] seed, Random random)
    {
        byte[] copy = (byte[])seed.Clone();
        uint lie = random.Next(2) == 0 ? uint.MaxValue : (uint)random.Next(1, int.MaxValue);
        if (format == "png")
        {
            // The IHDR chunk length, then a valid CRC over the unchanged type and data.
            BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(8), lie);
        }
        else if (format == "webp")
        {
            BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(4), lie);
            if (copy.Length > 20)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(16), lie);
            }
        }
        else if (copy.Length > 6)
        {
            // The first JPEG segment's length.
            BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(4), (ushort)lie);
        }

        return copy;
    }

    private static byte[] Garbage(byte[] seed, Random random)
    {
        int headerLength = Math.Min(seed.Length, random.Next(2, 64));
        byte[] garbage = new byte[random.Next(headerLength, 200_000)];
        random.NextBytes(garbage);
        seed.AsSpan(0, headerLength).CopyTo(garbage);
        return garbage;
    }

    private static int FindJpegFrameHeader(byte[] jpeg)
    {
        for (int i = 2; i + 9 < jpeg.Length; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] is 0xC0 or 0xC1 or 0xC2)
            {
                return i;
            }
        }

        return -1;
    }

    private static void AddPngChunk(List<byte> png, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        byte[] length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.AddRange(length);
        byte[] typeAndData = [.. type, .. data];
        png.AddRange(typeAndData);
        byte[] crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, PngCrc(typeAndData));
        png.AddRange(crc);
    }

    /// <summary>The CRC-32 (polynomial 0xEDB88320) that PNG chunks end with.</summary>
    private static uint PngCrc(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte value in data)
        {
            crc ^= value;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }

    /// <summary>Draws a face-like oval of textured skin on a darker background.</summary>
    private static SKBitmap DrawFace(int width, int height, int seed)
    {
        var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var random = new Random(seed);
        double cx = width / 2.0, cy = height / 2.0, rx = width * 0.33, ry = height * 0.42;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                double dx = (x - cx) / rx, dy = (y - cy) / ry;
                bool skin = (dx * dx) + (dy * dy) <= 1;
                int noise = random.Next(-12, 13);
                var colour = skin
                    ? new SKColor(Clamp(205 + noise), Clamp(150 + noise), Clamp(120 + noise))
                    : new SKColor(Clamp(60 + noise), Clamp(70 + noise), Clamp(80 + noise));
                bitmap.SetPixel(x, y, colour);
            }
        }

        return bitmap;
    }

    private static byte Clamp(int value) => (byte)Math.Clamp(value, 0, 255);

    private static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format)
    {
        using (bitmap)
        {
            using var data = bitmap.Encode(format, 90);
            return data.ToArray();
        }
    }
}
