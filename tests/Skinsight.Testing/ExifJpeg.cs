namespace Skinsight.Testing;

/// <summary>Adds hand-built EXIF blocks (GPS position and camera make, or an orientation) to JPEG bytes.</summary>
public static class ExifJpeg
{
    /// <summary>The camera make written into the EXIF block, which a metadata-free copy must not contain.</summary>
    public const string CameraMake = "GpsMarkerCam";

    /// <summary>
    /// Returns <paramref name="jpeg"/> with an APP1 EXIF segment right after SOI: IFD0 holds Make
    /// (<see cref="CameraMake"/>) and a GPS IFD pointer, and the GPS IFD holds latitude and longitude as degrees,
    /// minutes and seconds with their N/S and E/W references.
    /// </summary>
    public static byte[] WithGps(byte[] jpeg, double latitude, double longitude)
    {
        // Big-endian TIFF. Offsets are from the start of the TIFF header.
        const int ifd0Offset = 8;
        const int ifd0Entries = 2;
        int ifd0Size = 2 + (12 * ifd0Entries) + 4;
        int makeOffset = ifd0Offset + ifd0Size;
        byte[] make = [.. System.Text.Encoding.ASCII.GetBytes(CameraMake), 0];
        int gpsOffset = makeOffset + make.Length;
        const int gpsEntries = 4;
        int gpsSize = 2 + (12 * gpsEntries) + 4;
        int latitudeOffset = gpsOffset + gpsSize;
        int longitudeOffset = latitudeOffset + 24;

        var tiff = new List<byte>();
        tiff.AddRange("MM"u8.ToArray());
        tiff.AddRange([0x00, 0x2A]);
        AddUInt32(tiff, ifd0Offset);

        AddUInt16(tiff, ifd0Entries);
        AddEntry(tiff, 0x010F, 2, make.Length, makeOffset); // Make, ASCII
        AddEntry(tiff, 0x8825, 4, 1, gpsOffset);            // GPSInfo IFD pointer, LONG
        AddUInt32(tiff, 0);
        tiff.AddRange(make);

        AddUInt16(tiff, gpsEntries);
        AddEntry(tiff, 0x0001, 2, 2, (latitude >= 0 ? 'N' : 'S') << 24);  // GPSLatitudeRef, inline ASCII
        AddEntry(tiff, 0x0002, 5, 3, latitudeOffset);                      // GPSLatitude, 3 RATIONAL
        AddEntry(tiff, 0x0003, 2, 2, (longitude >= 0 ? 'E' : 'W') << 24); // GPSLongitudeRef
        AddEntry(tiff, 0x0004, 5, 3, longitudeOffset);                     // GPSLongitude
        AddUInt32(tiff, 0);
        AddDegrees(tiff, Math.Abs(latitude));
        AddDegrees(tiff, Math.Abs(longitude));

        byte[] payload = [.. "Exif\0\0"u8.ToArray(), .. tiff];
        int segmentLength = payload.Length + 2;
        byte[] app1 = [0xFF, 0xE1, (byte)(segmentLength >> 8), (byte)segmentLength, .. payload];
        return [.. jpeg.AsSpan(0, 2), .. app1, .. jpeg.AsSpan(2)];
    }

    /// <summary>
    /// Returns <paramref name="jpeg"/> with an EXIF APP1 segment holding only the Orientation tag (0x0112) set to
    /// <paramref name="orientation"/>, inserted right after the SOI marker.
    /// </summary>
    public static byte[] WithOrientation(byte[] jpeg, int orientation)
    {
        var tiff = new List<byte>();
        tiff.AddRange("MM"u8.ToArray());
        tiff.AddRange([0x00, 0x2A, 0x00, 0x00, 0x00, 0x08]); // TIFF magic, offset of IFD0
        tiff.AddRange([0x00, 0x01]); // one entry
        tiff.AddRange([0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01]); // Orientation, SHORT, count 1
        tiff.AddRange([0x00, (byte)orientation, 0x00, 0x00]); // value, left-aligned
        tiff.AddRange([0x00, 0x00, 0x00, 0x00]); // no next IFD

        byte[] payload = [.. "Exif\0\0"u8.ToArray(), .. tiff];
        int segmentLength = payload.Length + 2;
        byte[] app1 = [0xFF, 0xE1, (byte)(segmentLength >> 8), (byte)segmentLength, .. payload];
        return [.. jpeg.AsSpan(0, 2), .. app1, .. jpeg.AsSpan(2)];
    }

    /// <summary>True when <paramref name="bytes"/> contain an EXIF header or the marker camera make anywhere.</summary>
    public static bool ContainsExif(ReadOnlySpan<byte> bytes) =>
        bytes.IndexOf("Exif\0\0"u8) >= 0 || bytes.IndexOf(System.Text.Encoding.ASCII.GetBytes(CameraMake)) >= 0;

    private static void AddDegrees(List<byte> tiff, double value)
    {
        int degrees = (int)value;
        double minutesExact = (value - degrees) * 60;
        int minutes = (int)minutesExact;
        int centiSeconds = (int)Math.Round((minutesExact - minutes) * 60 * 100);
        AddUInt32(tiff, degrees);
        AddUInt32(tiff, 1);
        AddUInt32(tiff, minutes);
        AddUInt32(tiff, 1);
        AddUInt32(tiff, centiSeconds);
        AddUInt32(tiff, 100);
    }

    private static void AddEntry(List<byte> tiff, int tag, int type, int count, int valueOrOffset)
    {
        AddUInt16(tiff, tag);
        AddUInt16(tiff, type);
        AddUInt32(tiff, count);
        AddUInt32(tiff, valueOrOffset);
    }

    private static void AddUInt16(List<byte> tiff, int value) => tiff.AddRange([(byte)(value >> 8), (byte)value]);

    private static void AddUInt32(List<byte> tiff, int value) =>
        tiff.AddRange([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
}
