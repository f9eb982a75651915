using static TorchSharp.torch;

namespace Skinsight.Learning.Acne;

/// <summary>One lesion found by <see cref="AcneLesionNetwork"/>: a box in input pixels, its type and its centre score.</summary>
public sealed record DetectedLesion(float X, float Y, float Width, float Height, int Type, float Score);

/// <summary>
/// Turns the output of <see cref="AcneLesionNetwork"/> into lesions: every cell whose centre probability is the
/// largest of its 3x3 neighbourhood and at least the threshold is one lesion.
/// </summary>
public static class AcneLesionDecoder
{
    /// <summary>Centre probabilities [H, W] of one photo, averaged over the network outputs given.</summary>
    /// <param name="outputs">Outputs [1, channels, H, W] of the photo and, optionally, of its mirror image.</param>
    /// <param name="mirrored">For each output, true when it was computed on the horizontally flipped photo.</param>
    public static float[,] CentreProbabilities(IReadOnlyList<Tensor> outputs, IReadOnlyList<bool> mirrored)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        using var scope = NewDisposeScope();
        Tensor sum = zeros_like(outputs[0][0, AcneLesionNetwork.CentreChannel]);
        for (int i = 0; i < outputs.Count; i++)
        {
            Tensor centre = outputs[i][0, AcneLesionNetwork.CentreChannel].sigmoid();
            sum += mirrored[i] ? centre.flip(1) : centre;
        }

        Tensor mean = (sum / outputs.Count).contiguous();
        int height = (int)mean.shape[0], width = (int)mean.shape[1];
        float[] flat = mean.data<float>().ToArray();
        var probabilities = new float[height, width];
        Buffer.BlockCopy(flat, 0, probabilities, 0, flat.Length * sizeof(float));
        return probabilities;
    }

    /// <summary>Returns the cells that are local maxima of <paramref name="probabilities"/> with at least <paramref name="threshold"/>, strongest first.</summary>
    public static List<(int Row, int Column, float Score)> Peaks(float[,] probabilities, float threshold)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        int height = probabilities.GetLength(0), width = probabilities.GetLength(1);
        var peaks = new List<(int, int, float)>();
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                float p = probabilities[y, x];
                if (p >= threshold && IsLocalMaximum(probabilities, y, x))
                {
                    peaks.Add((y, x, p));
                }
            }
        }

        peaks.Sort((a, b) => b.Item3.CompareTo(a.Item3));
        return peaks;
    }

    /// <summary>
    /// Builds the lesions of the peaks of <paramref name="probabilities"/>: the centre is refined to the weighted
    /// mean of the 3x3 neighbourhood, and size and type are read from <paramref name="output"/> (not mirrored) at the
    /// peak cell. Boxes are in input pixels.
    /// </summary>
    public static List<DetectedLesion> Decode(Tensor output, float[,] probabilities, float threshold)
    {
        ArgumentNullException.ThrowIfNull(output);
        List<(int Row, int Column, float Score)> peaks = Peaks(probabilities, threshold);
        if (peaks.Count == 0)
        {
            return [];
        }

        using var scope = NewDisposeScope();
        float[] sizes = output[0].narrow(0, AcneLesionNetwork.SizeChannel, 2).contiguous().data<float>().ToArray();
        float[] types = output[0].narrow(0, AcneLesionNetwork.TypeChannel, AcneLesionTypes.Count).contiguous().data<float>().ToArray();
        int height = probabilities.GetLength(0), width = probabilities.GetLength(1), plane = height * width;
        const float stride = AcneLesionNetwork.Stride;
        var lesions = new List<DetectedLesion>(peaks.Count);
        foreach ((int row, int column, float score) in peaks)
        {
            (float cy, float cx) = RefinedCentre(probabilities, row, column);
            int cell = (row * width) + column;
            float boxWidth = MathF.Exp(sizes[cell]) * stride, boxHeight = MathF.Exp(sizes[plane + cell]) * stride;
            int type = 0;
            for (int t = 1; t < AcneLesionTypes.Count; t++)
            {
                if (types[(t * plane) + cell] > types[(type * plane) + cell])
                {
                    type = t;
                }
            }

            float centreX = (cx + 0.5f) * stride, centreY = (cy + 0.5f) * stride;
            lesions.Add(new DetectedLesion(centreX - (boxWidth / 2), centreY - (boxHeight / 2), boxWidth, boxHeight, type, score));
        }

        return lesions;
    }

    private static bool IsLocalMaximum(float[,] p, int y, int x)
    {
        float value = p[y, x];
        for (int dy = -1; dy <= 1; dy++)
        {
            for (int dx = -1; dx <= 1; dx++)
            {
                int yy = y + dy, xx = x + dx;
                if ((dy != 0 || dx != 0) && yy >= 0 && xx >= 0 && yy < p.GetLength(0) && xx < p.GetLength(1))
                {
                    // Ties go to the first cell in reading order, so a plateau gives one lesion.
                    float other = p[yy, xx];
                    if (other > value || (other == value && (dy < 0 || (dy == 0 && dx < 0))))
                    {
                        return false;
                    }
                }
            }
        }

        return true;
    }

    private static (float Row, float Column) RefinedCentre(float[,] p, int y, int x)
    {
        float total = 0, rows = 0, columns = 0;
        for (int dy = -1; dy <= 1; dy++)
        {
            for (int dx = -1; dx <= 1; dx++)
            {
                int yy = y + dy, xx = x + dx;
                if (yy >= 0 && xx >= 0 && yy < p.GetLength(0) && xx < p.GetLength(1))
                {
                    float w = p[yy, xx];
                    total += w;
                    rows += w * yy;
                    columns += w * xx;
                }
            }
        }

        return total > 0 ? (rows / total, columns / total) : (y, x);
    }
}
