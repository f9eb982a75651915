using System.Globalization;
using Skinsight.Core;

namespace Skinsight.Vision.Skin;

/// <summary>
/// Reads labelled pixels in the layout of the UCI Skin Segmentation data: a header <c>B,G,R,label</c>, then one
/// pixel per line with 0-255 channels and label 1 (skin) or 2 (not skin).
/// </summary>
public static class SkinPixelData
{
    /// <summary>File name of the data inside a folder of that layout.</summary>
    public const string FileName = "skin_nonskin.csv";

    /// <summary>Returns the data file: <paramref name="path"/> itself, or <see cref="FileName"/> inside it.</summary>
    /// <exception cref="InvalidInputException">Neither exists.</exception>
    public static string Locate(string path)
    {
        string candidate = Directory.Exists(path) ? Path.Combine(path, FileName) : path;
        return File.Exists(candidate)
            ? candidate
            : throw new InvalidInputException($"The skin pixel file {candidate} was not found; pass a {FileName} or its folder.");
    }

    /// <summary>Reads every pixel of the file.</summary>
    /// <exception cref="InvalidInputException">
    /// The file has no pixel rows, or the header or a line is not of the layout. The message names the line.
    /// </exception>
    public static IReadOnlyList<SkinPixel> Read(string file)
    {
        var pixels = new List<SkinPixel>();
        int lineNumber = 0;
        foreach (string line in File.ReadLines(file))
        {
            lineNumber++;
            if (lineNumber == 1)
            {
                if (!line.Trim().Equals("B,G,R,label", StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidInputException($"{file} line 1 is '{line}'; the header must be B,G,R,label.");
                }

                continue;
            }

            if (line.Length == 0)
            {
                continue;
            }

            pixels.Add(ParseLine(file, lineNumber, line));
        }

        // Training on no pixels would write an empty model over the old one, and scoring none gives 0 % accuracy.
        if (pixels.Count == 0)
        {
            string problem = lineNumber == 0 ? "is empty" : "has a header but no pixel rows";
            throw new InvalidInputException(
                $"{file} {problem}; it needs the header B,G,R,label and one labelled pixel per line, such as 120,150,200,1.");
        }

        return pixels;
    }

    private static SkinPixel ParseLine(string file, int lineNumber, string line)
    {
        string[] parts = line.Split(',');
        if (parts.Length == 4
            && byte.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out byte b)
            && byte.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out byte g)
            && byte.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out byte r)
            && parts[3].Trim() is "1" or "2")
        {
            return new SkinPixel(b, g, r, parts[3].Trim() == "1");
        }

        throw new InvalidInputException(
            $"{file} line {lineNumber} is '{line}'; expected three 0-255 channels and a label of 1 (skin) or 2 (not skin).");
    }
}

/// <summary>Accuracy of a pixel classifier on labelled pixels.</summary>
public sealed record SkinPixelScore(int N, double Accuracy, double Precision, double Recall)
{
    /// <summary>Classifies every pixel (128 or more counts as skin) and compares with the labels.</summary>
    public static SkinPixelScore Evaluate(ISkinClassifier classifier, IReadOnlyList<SkinPixel> pixels)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(pixels);
        var bgr = new byte[pixels.Count * 3];
        for (int i = 0; i < pixels.Count; i++)
        {
            (bgr[3 * i], bgr[(3 * i) + 1], bgr[(3 * i) + 2]) = (pixels[i].B, pixels[i].G, pixels[i].R);
        }

        var likelihood = new byte[pixels.Count];
        classifier.Classify(bgr, likelihood);
        int truePositive = 0, falsePositive = 0, falseNegative = 0, trueNegative = 0;
        for (int i = 0; i < pixels.Count; i++)
        {
            bool predicted = likelihood[i] >= 128;
            if (predicted && pixels[i].IsSkin)
            {
                truePositive++;
            }
            else if (predicted)
            {
                falsePositive++;
            }
            else if (pixels[i].IsSkin)
            {
                falseNegative++;
            }
            else
            {
                trueNegative++;
            }
        }

        int n = pixels.Count;
        return new SkinPixelScore(
            n,
            n == 0 ? 0 : (double)(truePositive + trueNegative) / n,
            truePositive + falsePositive == 0 ? 0 : (double)truePositive / (truePositive + falsePositive),
            truePositive + falseNegative == 0 ? 0 : (double)truePositive / (truePositive + falseNegative));
    }
}
