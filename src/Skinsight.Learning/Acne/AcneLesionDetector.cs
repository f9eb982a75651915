using SkiaSharp;
using Skinsight.Learning.Data;
using Skinsight.Vision.Acne;
using static TorchSharp.torch;

namespace Skinsight.Learning.Acne;

/// <summary>The network's centre probabilities and lesion count for one photo, and its plain output.</summary>
/// <param name="Probabilities">Centre probabilities [rows, columns] of the 1/8 grid.</param>
/// <param name="Count">The density summed over the photo: the expected number of lesions.</param>
/// <param name="Output">The output [1, channels, rows, columns] of the photo itself, not mirrored.</param>
public sealed record AcneLesionMaps(float[,] Probabilities, double Count, Tensor Output);

/// <summary>What <see cref="AcneLesionDetector"/> found on one photo.</summary>
/// <param name="Lesions">Boxes in the photo's own pixels, strongest first: as many as the rounded count, or fewer when the centre map has fewer peaks.</param>
/// <param name="Count">The lesion count from the density, rounded.</param>
/// <param name="CountsByType">Lesions per type, in the order of <see cref="AcneLesionTypes.Names"/>.</param>
/// <param name="Grade">The ACNE04 grade of the lesion count by the Hayashi criterion.</param>
public sealed record AcneLesionResult(IReadOnlyList<DetectedLesion> Lesions, int Count, IReadOnlyList<int> CountsByType, int Grade);

/// <summary>
/// Runs a trained <see cref="AcneLesionNetwork"/> on photos: each photo is stretched to the square input size the
/// network was trained at. The summed density gives the lesion count, and that many of the strongest peaks of the
/// centre map give the boxes, mapped back to the photo's pixels. Not safe for concurrent use.
/// </summary>
public sealed class AcneLesionDetector : IDisposable
{
    /// <summary>Longest side a photo is decoded at before it is stretched to the input size.</summary>
    public const int MaxDecodedSide = 2048;

    /// <summary>Weakest centre probability that can still be a lesion's box.</summary>
    private const float MinPeak = 0.05f;

    private readonly AcneLesionNetwork _network;

    /// <param name="network">The trained network; the detector owns and disposes it.</param>
    /// <param name="inputSize">Side of the square input, a multiple of 32.</param>
    /// <param name="mirrorAverage">Average the maps of the photo and its mirror image.</param>
    /// <param name="calibration">Maps the summed density to the count.</param>
    public AcneLesionDetector(AcneLesionNetwork network, int inputSize, bool mirrorAverage, AcneCountCalibration calibration)
    {
        ArgumentNullException.ThrowIfNull(network);
        _network = network;
        _network.eval();
        InputSize = inputSize;
        Calibration = calibration;
        MirrorAverage = mirrorAverage;
    }

    public int InputSize { get; }

    public bool MirrorAverage { get; }

    public AcneCountCalibration Calibration { get; }

    /// <summary>The network, for scoring it again.</summary>
    internal AcneLesionNetwork Network => _network;

    /// <summary>The ACNE04 grade of a lesion count by the Hayashi criterion (<see cref="AcneGrader.HayashiCutPoints"/>).</summary>
    public static int HayashiGrade(int count) => AcneGrader.Grade(count, AcneGrader.HayashiCutPoints);

    /// <summary>Rounds a summed density to a whole number of lesions.</summary>
    public static int RoundCount(double density) => (int)Math.Round(Math.Max(0, density), MidpointRounding.AwayFromZero);

    /// <summary>Decodes the photo at <paramref name="path"/>, turned upright by its EXIF orientation, and finds its lesions.</summary>
    /// <exception cref="InvalidImageException">The file is missing or cannot be decoded.</exception>
    public AcneLesionResult Detect(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidImageException($"The image {path} was not found.");
        }

        using SKBitmap photo = UprightDecoding.Decode(File.ReadAllBytes(path), MaxDecodedSide, path)
            ?? throw new InvalidImageException($"The image {path} could not be decoded; use a JPEG, PNG or WebP file.");
        return Detect(photo);
    }

    /// <summary>Decodes a photo's bytes, turned upright by its EXIF orientation, and finds its lesions.</summary>
    /// <exception cref="InvalidImageException">The bytes cannot be decoded.</exception>
    public AcneLesionResult Detect(byte[] photo)
    {
        ArgumentNullException.ThrowIfNull(photo);
        using SKBitmap bitmap = UprightDecoding.Decode(photo, MaxDecodedSide)
            ?? throw new InvalidImageException("The photo could not be decoded; use a JPEG, PNG or WebP file.");
        return Detect(bitmap);
    }

    /// <summary>Finds the lesions of a decoded photo.</summary>
    public AcneLesionResult Detect(SKBitmap photo)
    {
        ArgumentNullException.ThrowIfNull(photo);
        float[] rgb = ImageTensorLoader.FromBitmap(photo, InputSize);
        AcneLesionMaps maps = Run(_network, rgb, InputSize, MirrorAverage);
        int count = RoundCount(Calibration.Apply(maps.Count));
        List<DetectedLesion> lesions;
        using (maps.Output)
        {
            lesions = AcneLesionDecoder.Decode(maps.Output, maps.Probabilities, MinPeak);
        }

        float sx = (float)photo.Width / InputSize, sy = (float)photo.Height / InputSize;
        List<DetectedLesion> inPhoto = lesions
            .Take(count)
            .Select(l => l with { X = l.X * sx, Y = l.Y * sy, Width = l.Width * sx, Height = l.Height * sy })
            .ToList();
        var counts = new int[AcneLesionTypes.Count];
        foreach (DetectedLesion lesion in inPhoto)
        {
            counts[lesion.Type]++;
        }

        return new AcneLesionResult(inPhoto, count, counts, HayashiGrade(count));
    }

    /// <summary>The maps of one photo already at the input size ([3, size, size], RGB 0-255).</summary>
    internal static AcneLesionMaps Run(AcneLesionNetwork network, float[] rgb, int inputSize, bool mirrorAverage)
    {
        using var scope = NewDisposeScope();
        using var disabled = no_grad();
        Tensor input = tensor(rgb, [1, 3, inputSize, inputSize]);
        Tensor output = network.forward(input);
        var outputs = new List<Tensor> { output };
        var mirrored = new List<bool> { false };
        if (mirrorAverage)
        {
            outputs.Add(network.forward(input.flip(3)));
            mirrored.Add(true);
        }

        float[,] probabilities = AcneLesionDecoder.CentreProbabilities(outputs, mirrored);
        double count = outputs.Average(o => nn.functional.softplus(o[0, AcneLesionNetwork.DensityChannel]).sum().item<float>());
        return new AcneLesionMaps(probabilities, count, output.MoveToOuterDisposeScope());
    }

    public void Dispose() => _network.Dispose();
}
