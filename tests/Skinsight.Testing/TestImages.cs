using System.Buffers.Binary;

namespace Skinsight.Testing;

/// <summary>Hand-built image bytes for bad-input tests.</summary>
public static class TestImages
{
    /// <summary>
    /// A PNG signature and a valid IHDR chunk that claims <paramref name="width"/> x <paramref name="height"/>
    /// pixels, followed by no image data: a decoder that trusts the header would allocate the full size.
    /// </summary>
    public static byte[] PngHeaderOnly(int width, int height)
    {
        var png = new List<byte> { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(0), width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;  // bit depth
        ihdr[9] = 2;  // colour type: RGB
        AddChunk(png, "IHDR", ihdr);
        AddChunk(png, "IEND", []);
        return [.. png];
    }

    /// <summary>
    /// <see cref="PngHeaderOnly"/> with an IDAT chunk that contains an empty zlib stream. Skia's PNG codec opens it
    /// from the header, so the claimed size reaches the caller's allocation, but the file has no rows to decode.
    /// </summary>
    public static byte[] PngWithoutRows(int width, int height)
    {
        byte[] header = PngHeaderOnly(width, height);
        var png = new List<byte>(header.AsSpan(0, header.Length - 12).ToArray());
        AddChunk(png, "IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        AddChunk(png, "IEND", []);
        return [.. png];
    }

    private static void AddChunk(List<byte> png, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.AddRange(length);
        byte[] typeAndData = [.. System.Text.Encoding.ASCII.GetBytes(type), .. data];
        png.AddRange(typeAndData);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        png.AddRange(crc);
    }

    // CRC-32 (ISO 3309, polynomial 0xEDB88320) as PNG requires over chunk type and data.
    private static uint Crc32(byte[] bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }
}
