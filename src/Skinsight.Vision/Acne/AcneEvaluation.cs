using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Skinsight.Core;
using Skinsight.Vision.Evaluation;

namespace Skinsight.Vision.Acne;

/// <summary>Agreement of the acne detector and grader with ACNE04-style labels.</summary>
/// <param name="SeverityAccuracy">Share of photos whose grade equals the labelled severity_level.</param>
/// <param name="GradeRecall">Per labelled grade (0-3), the share of its photos graded correctly.</param>
/// <param name="Confusion">Photos per labelled grade (row) and predicted grade (column).</param>
/// <param name="CountMae">Mean absolute difference between the detected and the labelled lesion count.</param>
/// <param name="DetectionPrecision">Share of detected boxes that match an annotated box at IoU 0.5 or more.</param>
/// <param name="DetectionRecall">Share of annotated boxes matched by a detected box at IoU 0.5 or more.</param>
/// <param name="N">Photos scored.</param>
/// <param name="Rejected">Photos the quality gate rejects; they are scored like the others.</param>
/// <param name="CountSeverityAccuracy">
/// The accuracy of the detector's own counts' grades, reported when the detector grades photos otherwise than by its
/// count. Null when the grades are the count's.
/// </param>
/// <param name="DetectorCountMae">
/// The count error of the detector's own counts, reported when some counts were moved to agree with a grade
/// (<see cref="AcneDetection.DetectorCount"/>); <paramref name="CountMae"/> then scores the moved counts.
/// </param>
public sealed record AcneScore(
    double SeverityAccuracy,
    IReadOnlyDictionary<string, double> GradeRecall,
    int[][] Confusion,
    double CountMae,
    double DetectionPrecision,
    double DetectionRecall,
    int N,
    int Rejected,
    double? CountSeverityAccuracy = null,
    double? DetectorCountMae = null);

/// <summary>One photo's labels and what the detector found on it.</summary>
/// <param name="Detected">The detector's lesion count.</param>
/// <param name="Boxes">The detector's boxes; null when there are as many as <paramref name="Detected"/>.</param>
/// <param name="Grade">The detector's own grade when it grades otherwise than by its count; null to grade the count.</param>
/// <param name="DetectorCount">The detector's own count when <paramref name="Detected"/> was moved to agree with the grade.</param>
internal sealed record AcnePhotoResult(
    int LabelledGrade, int LabelledCount, int Detected, int Annotated, int Matched, int? Boxes = null, int? Grade = null,
    int? DetectorCount = null)
{
    public int BoxCount => Boxes ?? Detected;

    /// <summary>The detector's own count, whether or not it was moved.</summary>
    public int OwnCount => DetectorCount ?? Detected;
}

/// <summary>
/// Scores <see cref="SkinAnalyzer.DetectAcne"/> on a folder laid out like ACNE04 from Roboflow: <c>labels.csv</c> with
/// <c>image_file</c>, <c>annotation_file</c> (Pascal VOC XML, relative to the folder), <c>severity_level</c> (0-3)
/// and <c>n_lesions</c>, and for <c>--split</c> the column <c>roboflow_split</c>.
/// </summary>
public static class AcneEvaluation
{
    public const string LabelsFileName = "labels.csv";
    public const string SplitColumn = "roboflow_split";
    public const double MatchIou = 0.5;

    /// <summary>Detects and grades every selected photo and compares the result with its labels.</summary>
    /// <param name="progress">Receives the photos scored and the photos to score after each photo; null for none.</param>
    /// <exception cref="InvalidInputException">
    /// The labels file or a column is missing, no row has the split, a grade is outside 0-3, or a file cannot be read.
    /// </exception>
    public static AcneScore Evaluate(
        SkinAnalyzer analyzer,
        string dataDir,
        string? split = null,
        IReadOnlyList<int>? cutPoints = null,
        IProgress<(int Done, int Total)>? progress = null)
    {
        var results = Detect(
            analyzer, dataDir, split, AcneMeasureDefaults.RedderBy, AcneMeasureDefaults.BoxScale, 1, out int rejected, progress);
        return Score(results, cutPoints ?? AcneGrader.CutPoints, rejected);
    }

    /// <summary>
    /// Detects and grades the photos whose <c>image_file</c> is in <paramref name="imageFiles"/>, so that another
    /// grader can be compared with this one on the same rows.
    /// </summary>
    /// <exception cref="InvalidInputException">
    /// The labels file or a column is missing, no row is selected, a grade is outside 0-3, or a file cannot be read.
    /// </exception>
    public static AcneScore Evaluate(
        SkinAnalyzer analyzer,
        string dataDir,
        IReadOnlySet<string> imageFiles,
        IProgress<(int Done, int Total)>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(imageFiles);
        var results = Detect(
            analyzer, dataDir, null, AcneMeasureDefaults.RedderBy, AcneMeasureDefaults.BoxScale, 1, out int rejected, progress,
            (table, row) => imageFiles.Contains(table[row, "image_file"]));
        if (results.Count == 0)
        {
            throw new InvalidInputException($"None of the {imageFiles.Count} requested photos is listed in the labels file of {dataDir}.");
        }

        return Score(results, AcneGrader.CutPoints, rejected);
    }

    /// <summary>
    /// Scores another detector, such as the learned one, on the same labels: <paramref name="detect"/> takes a
    /// photo's bytes and returns its lesions, strongest first, and <paramref name="cutPoints"/> turn its counts into
    /// grades (see <see cref="AcneGrader.Grade"/>).
    /// </summary>
    /// <param name="ownGrades">
    /// Score the <see cref="AcneDetection.Grade"/> that <paramref name="detect"/> returns, and report the grades of
    /// the counts as <see cref="AcneScore.CountSeverityAccuracy"/>.
    /// </param>
    /// <exception cref="InvalidInputException">
    /// The labels file or a column is missing, no row has the split, a grade is outside 0-3, or a file cannot be read.
    /// </exception>
    public static AcneScore Evaluate(
        Func<byte[], AcneDetection> detect,
        string dataDir,
        string? split,
        IReadOnlyList<int> cutPoints,
        IProgress<(int Done, int Total)>? progress = null,
        bool ownGrades = false)
    {
        ArgumentNullException.ThrowIfNull(detect);
        ArgumentNullException.ThrowIfNull(cutPoints);
        var results = Detect(detect, dataDir, split, 1, out int rejected, progress, ownGrades: ownGrades);
        return Score(results, cutPoints, rejected);
    }

    /// <summary>Runs the detector on every <paramref name="stride"/>-th selected row and returns the per-photo results.</summary>
    /// <param name="includeRow">Keeps only the rows it returns true for; null keeps every row of the split.</param>
    internal static List<AcnePhotoResult> Detect(
        SkinAnalyzer analyzer,
        string dataDir,
        string? split,
        double redderBy,
        double boxScale,
        int stride,
        out int rejected,
        IProgress<(int Done, int Total)>? progress = null,
        Func<LabelTable, int, bool>? includeRow = null)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        return Detect(photo => analyzer.DetectAcne(photo, redderBy, boxScale), dataDir, split, stride, out rejected, progress, includeRow);
    }

    private static List<AcnePhotoResult> Detect(
        Func<byte[], AcneDetection> detect,
        string dataDir,
        string? split,
        int stride,
        out int rejected,
        IProgress<(int Done, int Total)>? progress = null,
        Func<LabelTable, int, bool>? includeRow = null,
        bool ownGrades = false)
    {
        var table = LabelTable.Read(
            Path.Combine(dataDir, LabelsFileName), "image_file", "annotation_file", "severity_level", "n_lesions");
        var results = new List<AcnePhotoResult>();
        rejected = 0;
        var rows = table.Select(SplitColumn, split);
        if (includeRow is not null)
        {
            rows = rows.Where(row => includeRow(table, row)).ToList();
        }

        // Every selected row is checked before the first photo is scored, so that a bad row near the end of a long
        // run fails at once.
        var labelled = new List<LabelledPhoto>();
        for (int k = 0; k < rows.Count; k += stride)
        {
            int row = rows[k];
            labelled.Add(new LabelledPhoto(
                row,
                ParseInt(table, row, "severity_level", 0, 3),
                ParseInt(table, row, "n_lesions", 0, int.MaxValue),
                RequireFile(table, dataDir, row, "image_file"),
                ReadBoxes(RequireFile(table, dataDir, row, "annotation_file"))));
        }

        foreach (var (row, grade, count, imagePath, truth) in labelled)
        {
            AcneDetection detection;
            try
            {
                detection = detect(File.ReadAllBytes(imagePath));
            }
            catch (InvalidInputException ex)
            {
                // The detector receives only the photo's bytes, so its message cannot name the file.
                throw new InvalidImageException(
                    $"The image {imagePath} listed in {table.Path} (row {row + 1}) is not usable. {ex.Message}", ex);
            }

            if (!detection.Accepted)
            {
                rejected++;
            }

            int matched = Match(detection.Lesions, truth);
            results.Add(new AcnePhotoResult(
                grade, count, detection.LesionCount, truth.Count, matched, detection.Lesions.Count, ownGrades ? detection.Grade : null,
                detection.DetectorCount));
            progress?.Report((results.Count, labelled.Count));
        }

        return results;
    }

    internal static AcneScore Score(IReadOnlyList<AcnePhotoResult> results, IReadOnlyList<int> cutPoints, int rejected)
    {
        var confusion = Enumerable.Range(0, 4).Select(_ => new int[4]).ToArray();
        int countGradesRight = 0;
        foreach (var r in results)
        {
            int countGrade = AcneGrader.Grade(r.OwnCount, cutPoints);
            confusion[r.LabelledGrade][r.Grade ?? countGrade]++;
            countGradesRight += countGrade == r.LabelledGrade ? 1 : 0;
        }

        var recall = new Dictionary<string, double>();
        for (int g = 0; g < 4; g++)
        {
            int total = confusion[g].Sum();
            recall[g.ToString(CultureInfo.InvariantCulture)] = total == 0 ? double.NaN : Math.Round((double)confusion[g][g] / total, 4);
        }

        int n = Math.Max(1, results.Count);
        double detected = results.Sum(r => r.BoxCount), annotated = results.Sum(r => r.Annotated);
        double matched = results.Sum(r => r.Matched);
        return new AcneScore(
            Math.Round((double)Enumerable.Range(0, 4).Sum(g => confusion[g][g]) / n, 4),
            recall.Where(p => !double.IsNaN(p.Value)).ToDictionary(),
            confusion,
            Math.Round(results.Average(r => Math.Abs(r.Detected - r.LabelledCount)), 3),
            detected == 0 ? 0 : Math.Round(matched / detected, 4),
            annotated == 0 ? 0 : Math.Round(matched / annotated, 4),
            results.Count,
            rejected,
            results.Any(r => r.Grade is not null) ? Math.Round((double)countGradesRight / n, 4) : null,
            results.Any(r => r.DetectorCount is not null)
                ? Math.Round(results.Average(r => Math.Abs(r.OwnCount - r.LabelledCount)), 3)
                : null);
    }

    /// <summary>
    /// Returns how many boxes of <paramref name="detected"/> match an annotated box at IoU ≥ 0.5, matching
    /// greedily in the detector's order (strongest first), each annotated box at most once.
    /// </summary>
    internal static int Match(IReadOnlyList<LesionBox> detected, IReadOnlyList<LesionBox> truth)
    {
        var used = new bool[truth.Count];
        int matched = 0;
        foreach (LesionBox box in detected)
        {
            int best = -1;
            double bestIou = MatchIou;
            for (int i = 0; i < truth.Count; i++)
            {
                double iou = Iou(box, truth[i]);
                if (!used[i] && iou >= bestIou)
                {
                    (best, bestIou) = (i, iou);
                }
            }

            if (best >= 0)
            {
                used[best] = true;
                matched++;
            }
        }

        return matched;
    }

    internal static double Iou(LesionBox a, LesionBox b)
    {
        double w = Math.Min(a.X + a.Width, b.X + b.Width) - Math.Max(a.X, b.X);
        double h = Math.Min(a.Y + a.Height, b.Y + b.Height) - Math.Max(a.Y, b.Y);
        if (w <= 0 || h <= 0)
        {
            return 0;
        }

        double intersection = w * h;
        return intersection / ((a.Width * a.Height) + (b.Width * b.Height) - intersection);
    }

    /// <summary>Reads the boxes of a Pascal VOC annotation file (xmin, ymin, xmax, ymax in pixels).</summary>
    /// <exception cref="InvalidInputException">The file is not VOC XML, or a box is incomplete or has no area.</exception>
    internal static List<LesionBox> ReadBoxes(string path)
    {
        XDocument document;
        try
        {
            document = XDocument.Load(path);
        }
        catch (XmlException e)
        {
            throw new InvalidInputException($"The annotation file {path} is not valid XML: {e.Message}", e);
        }

        var boxes = new List<LesionBox>();
        foreach (XElement box in document.Descendants("bndbox"))
        {
            double Read(string name) =>
                double.TryParse((string?)box.Element(name), NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
                    ? v
                    : throw new InvalidInputException($"A box in {path} has no valid <{name}>; every bndbox needs xmin, ymin, xmax and ymax.");

            double xmin = Read("xmin"), ymin = Read("ymin"), xmax = Read("xmax"), ymax = Read("ymax");
            if (xmax <= xmin || ymax <= ymin)
            {
                throw new InvalidInputException(FormattableString.Invariant(
                    $"A box in {path} runs from ({xmin}, {ymin}) to ({xmax}, {ymax}); xmax and ymax must be larger than xmin and ymin, so fix or remove the box."));
            }

            boxes.Add(new LesionBox(xmin, ymin, xmax - xmin, ymax - ymin, 0));
        }

        return boxes;
    }

    private static int ParseInt(LabelTable table, int row, string column, int min, int max)
    {
        string text = table[row, column];
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max
            ? value
            : throw new InvalidInputException(
                $"Row {row + 1} of {table.Path} has the invalid {column} '{text}'; it must be an integer from {min} to {max}.");
    }

    private sealed record LabelledPhoto(int Row, int Grade, int Count, string ImagePath, List<LesionBox> Truth);

    private static string RequireFile(LabelTable table, string dataDir, int row, string column)
    {
        string path = Path.Combine(dataDir, table[row, column]);
        return File.Exists(path)
            ? path
            : throw new InvalidInputException($"The file {path} listed in {table.Path} (row {row + 1}) was not found.");
    }
}

/// <summary>
/// Defaults of <see cref="SkinAnalyzer.DetectAcne"/>, chosen on every tenth ACNE04 train row. The detector takes
/// fainter blobs than the acne score (4 a* against 6), which more than doubled the recall of annotated boxes.
/// </summary>
internal static class AcneMeasureDefaults
{
    public const double RedderBy = 4;
    public const double BoxScale = 1.6;
}
