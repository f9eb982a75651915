using Skinsight.Application.Ports;
using Skinsight.Core.Analysis;
using Skinsight.Core.Catalog;
using Skinsight.Core.History;
using Skinsight.Core.Plans;
using Skinsight.Core.Profiles;

namespace Skinsight.Application.Tests;

/// <summary>Thrown by <see cref="FakeAnalyzer"/> for a photo that does not start with the JPEG marker.</summary>
internal sealed class UndecodablePhotoException : Exception
{
    public UndecodablePhotoException()
        : base("The photo does not decode.")
    {
    }
}

/// <summary>Returns a fixed analysis for any photo that starts with 0xFF 0xD8, and throws for anything else.</summary>
internal sealed class FakeAnalyzer(SkinAnalysis result) : IPhotoAnalyzer
{
    public int Calls { get; private set; }

    public string? LastOverlayDirectory { get; private set; }

    public SkinAnalysis Analyze(ReadOnlySpan<byte> photo, string? overlayDirectory)
    {
        Calls++;
        LastOverlayDirectory = overlayDirectory;
        if (photo.Length < 2 || photo[0] != 0xFF || photo[1] != 0xD8)
        {
            throw new UndecodablePhotoException();
        }

        return result;
    }

    /// <summary>Returns the bytes unchanged, which lets tests compare the stored photo with the upload.</summary>
    public byte[] PrepareForStorage(ReadOnlySpan<byte> photo) => photo.ToArray();
}

/// <summary>Records every call and returns a fixed plan, or throws <see cref="Failure"/> when it is set.</summary>
internal sealed class FakePlanner(SkincarePlan plan) : IPlanner
{
    public Exception? Failure { get; init; }

    public List<(SkinProfile Profile, SkinAnalysis? Analysis, IReadOnlyList<Product> Products)> Calls { get; } = [];

    public List<IReadOnlyList<ProductExperience>> Histories { get; } = [];

    public SkincarePlan Build(
        SkinProfile profile, SkinAnalysis? analysis, IReadOnlyList<Product> products, IReadOnlyList<ProductExperience> history)
    {
        Calls.Add((profile, analysis, products));
        Histories.Add(history);
        if (Failure is not null)
        {
            throw Failure;
        }

        return plan;
    }
}

/// <summary>Yields fixed rows, and throws after <see cref="FailAfterRows"/> rows when that is set.</summary>
internal sealed class FakeCatalogSource(IReadOnlyList<CatalogRow> rows) : ICatalogSource
{
    public int? FailAfterRows { get; init; }

    public IEnumerable<CatalogRow> Read(string path, string? formatName, IReadOnlyDictionary<string, string>? columnMap)
    {
        for (int i = 0; i < rows.Count; i++)
        {
            if (i == FailAfterRows)
            {
                throw new InvalidDataException($"Row {rows[i].RowNumber} of {path} breaks the file layout.");
            }

            yield return rows[i];
        }
    }
}

/// <summary>An <see cref="IProgress{T}"/> that records reports on the calling thread, unlike <see cref="Progress{T}"/>.</summary>
internal sealed class RecordingProgress<T> : IProgress<T>
{
    public List<T> Reports { get; } = [];

    public void Report(T value) => Reports.Add(value);
}
