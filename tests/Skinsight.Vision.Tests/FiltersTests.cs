using OpenCvSharp;
using Skinsight.Vision.Imaging;

namespace Skinsight.Vision.Tests;

/// <summary>
/// Checks the several-plane masked Gaussian against the one-plane formulation it replaced: blur the weighted values
/// and the weight, divide, and keep the quotient only where the blurred weight exceeds 1e-3.
/// </summary>
public sealed class FiltersTests
{
    [Theory]
    [InlineData(1.5)]
    [InlineData(4)]
    [InlineData(20)]
    public void MaskedGaussian_SeveralPlanes_MatchOnePlaneReference(double sigma)
    {
        using Mat first = RandomPlane(160, 120, 1);
        using Mat second = RandomPlane(160, 120, 2);
        using var mask = new Mat(120, 160, MatType.CV_8UC1, Scalar.All(0));
        mask.Circle(new Point(60, 50), 35, Scalar.All(255), -1);
        mask.Rectangle(new Rect(120, 90, 20, 20), Scalar.All(255), -1);

        Mat[] actual = Filters.MaskedGaussian([first, second], mask, sigma);

        using Mat expectedFirst = ReferenceMaskedGaussian(first, mask, sigma);
        using Mat expectedSecond = ReferenceMaskedGaussian(second, mask, sigma);
        Assert.Equal(0, CountDifferences(expectedFirst, actual[0]));
        Assert.Equal(0, CountDifferences(expectedSecond, actual[1]));
        foreach (Mat result in actual)
        {
            result.Dispose();
        }
    }

    [Fact]
    public void MaskedGaussian_FarFromMask_KeepsOwnValues()
    {
        using Mat plane = RandomPlane(200, 50, 3);
        using var mask = new Mat(50, 200, MatType.CV_8UC1, Scalar.All(0));
        mask.Rectangle(new Rect(0, 0, 20, 50), Scalar.All(255), -1);

        using Mat result = Filters.MaskedGaussian(plane, mask, 2);

        using var far = new Mat(result, new Rect(100, 0, 100, 50));
        using var original = new Mat(plane, new Rect(100, 0, 100, 50));
        Assert.Equal(0, CountDifferences(original, far));
    }

    private static Mat ReferenceMaskedGaussian(Mat values, Mat mask, double sigma)
    {
        using var weight = new Mat();
        mask.ConvertTo(weight, MatType.CV_32F, 1.0 / 255);
        using var weighted = new Mat();
        Cv2.Multiply(values, weight, weighted);
        using Mat blurredValues = Filters.Gaussian(weighted, sigma);
        using Mat blurredWeight = Filters.Gaussian(weight, sigma);

        var result = values.Clone();
        using var quotient = new Mat();
        Cv2.Divide(blurredValues, blurredWeight, quotient);
        using var covered = new Mat();
        Cv2.Compare(blurredWeight, new Scalar(1e-3), covered, CmpTypes.GT);
        quotient.CopyTo(result, covered);
        return result;
    }

    private static int CountDifferences(Mat expected, Mat actual)
    {
        using var different = new Mat();
        Cv2.Compare(expected, actual, different, CmpTypes.NE);
        return Cv2.CountNonZero(different);
    }

    private static Mat RandomPlane(int width, int height, int seed)
    {
        var random = new Random(seed);
        var plane = new Mat(height, width, MatType.CV_32FC1);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                plane.Set(y, x, (float)(random.NextDouble() * 100));
            }
        }

        return plane;
    }
}
