using OpenCvSharp;

namespace Skinsight.Vision.Imaging;

/// <summary>Span views over OpenCV matrices, for per-pixel loops that OpenCV has no function for.</summary>
internal static class MatSpans
{
    /// <summary>Returns row <paramref name="row"/> of <paramref name="mat"/> as a span of <typeparamref name="T"/>.</summary>
    public static unsafe Span<T> Row<T>(Mat mat, int row)
        where T : unmanaged =>
        new((void*)mat.Ptr(row), mat.Cols * mat.ElemSize() / sizeof(T));

    /// <summary>Returns all elements of a continuous matrix as one span.</summary>
    /// <exception cref="ArgumentException">The matrix is not continuous in memory.</exception>
    public static unsafe Span<T> All<T>(Mat mat)
        where T : unmanaged
    {
        if (!mat.IsContinuous())
        {
            throw new ArgumentException("The matrix is not continuous; clone it first.", nameof(mat));
        }

        return new((void*)mat.Data, (int)(mat.Total() * mat.ElemSize() / sizeof(T)));
    }
}
