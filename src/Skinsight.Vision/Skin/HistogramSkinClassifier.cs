using System.Buffers.Binary;
using Skinsight.Core;

namespace Skinsight.Vision.Skin;

/// <summary>
/// A trained pixel skin classifier: a Bayes classifier over a 3-D colour histogram (the method of Jones and
/// Rehg, "Statistical color models with application to skin detection", IJCV 46(1), 2002), storing
/// P(skin | colour bin) as one byte per bin.
/// </summary>
/// <remarks>Immutable after training or loading, so concurrent analyses may share one instance.</remarks>
public sealed class HistogramSkinClassifier : ISkinClassifier
{
    private const uint FileMagic = 0x534B4831; // "SKH1"

    private readonly byte[] _likelihood;
    private readonly int _shift;

    private HistogramSkinClassifier(int binsPerChannel, byte[] likelihood)
    {
        BinsPerChannel = binsPerChannel;
        _likelihood = likelihood;
        _shift = 8 - (int)Math.Log2(binsPerChannel);
    }

    /// <summary>Bins per colour channel: 256 divided by a power of two.</summary>
    public int BinsPerChannel { get; }

    /// <summary>
    /// Counts skin and non-skin pixels per bin and stores the share of skin, smoothed towards the overall share with
    /// the weight of two pixels, so a colour never seen in training scores the overall share of skin.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The bin count is not a power of two from 2 to 256.</exception>
    public static HistogramSkinClassifier Train(IEnumerable<SkinPixel> pixels, int binsPerChannel = 32)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (binsPerChannel < 2 || binsPerChannel > 256 || !int.IsPow2(binsPerChannel))
        {
            throw new ArgumentOutOfRangeException(nameof(binsPerChannel), binsPerChannel, "Use a power of two from 2 to 256.");
        }

        int shift = 8 - (int)Math.Log2(binsPerChannel);
        int cells = binsPerChannel * binsPerChannel * binsPerChannel;
        var skin = new int[cells];
        var other = new int[cells];
        long skinTotal = 0, total = 0;
        foreach (SkinPixel pixel in pixels)
        {
            int bin = Bin(pixel.B, pixel.G, pixel.R, shift, binsPerChannel);
            total++;
            if (pixel.IsSkin)
            {
                skin[bin]++;
                skinTotal++;
            }
            else
            {
                other[bin]++;
            }
        }

        double prior = total == 0 ? 0.5 : (double)skinTotal / total;
        var likelihood = new byte[cells];
        for (int i = 0; i < cells; i++)
        {
            double share = (skin[i] + (2 * prior)) / (skin[i] + other[i] + 2.0);
            likelihood[i] = (byte)Math.Round(share * 255);
        }

        return new HistogramSkinClassifier(binsPerChannel, likelihood);
    }

    /// <inheritdoc />
    public void Classify(ReadOnlySpan<byte> bgr, Span<byte> likelihood)
    {
        if (likelihood.Length * 3 != bgr.Length)
        {
            throw new ArgumentException("The likelihood span must hold one byte per BGR pixel.", nameof(likelihood));
        }

        for (int i = 0; i < likelihood.Length; i++)
        {
            likelihood[i] = _likelihood[Bin(bgr[3 * i], bgr[(3 * i) + 1], bgr[(3 * i) + 2], _shift, BinsPerChannel)];
        }
    }

    /// <summary>Writes the model: a 4-byte magic, the bin count, then one likelihood byte per bin.</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var stream = File.Create(path);
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(header, FileMagic);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], BinsPerChannel);
        stream.Write(header);
        stream.Write(_likelihood);
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidInputException">The file is missing or is not such a model.</exception>
    public static HistogramSkinClassifier Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidInputException($"The skin pixel model {path} was not found; train one with 'skinsight train skin-pixels'.");
        }

        byte[] bytes = File.ReadAllBytes(path);
        int bins = bytes.Length >= 8 ? BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)) : 0;
        bool valid = bytes.Length >= 8
            && BinaryPrimitives.ReadUInt32LittleEndian(bytes) == FileMagic
            && bins is >= 2 and <= 256 && int.IsPow2(bins)
            && bytes.Length == 8 + (bins * bins * bins);
        return valid
            ? new HistogramSkinClassifier(bins, bytes[8..])
            : throw new InvalidInputException($"The file {path} is not a skin pixel model; train one with 'skinsight train skin-pixels'.");
    }

    private static int Bin(int b, int g, int r, int shift, int bins) =>
        ((((r >> shift) * bins) + (g >> shift)) * bins) + (b >> shift);
}

/// <summary>One labelled pixel colour.</summary>
public readonly record struct SkinPixel(byte B, byte G, byte R, bool IsSkin);
