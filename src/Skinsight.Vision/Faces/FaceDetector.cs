using System.Collections.Concurrent;
using OpenCvSharp;

namespace Skinsight.Vision.Faces;

/// <summary>
/// Finds the main face of a photo with OpenCV's Haar cascades: the frontal cascades first, then the profile cascade
/// on the image and its mirror. OpenCV's <see cref="CascadeClassifier"/> is not safe for concurrent use, so each
/// call borrows a set of cascades from a pool and returns it afterwards.
/// </summary>
internal sealed class FaceDetector : IDisposable
{
    /// <summary>Longest side of the downscaled grey image that the face cascades scan.</summary>
    private const int DetectionSize = 320;

    /// <summary>
    /// Border added on each side, as a fraction of the width, before scanning: a cascade only finds faces whose whole
    /// window fits in the image, and tight face crops (such as UTKFace's) touch the edges.
    /// </summary>
    private const double Padding = 0.2;

    /// <summary>Smallest face searched for, as a fraction of the image's shorter side.</summary>
    private const double MinFaceFraction = 0.2;

    /// <summary>Side of the cascades' smallest window, in pixels of the scanned image.</summary>
    private const int MinWindow = 24;

    private readonly string _directory;
    private readonly ConcurrentBag<CascadeSet> _pool = [];
    private bool _disposed;

    /// <summary>Checks that the cascade files exist in <paramref name="directory"/> and loads one set.</summary>
    /// <exception cref="FileNotFoundException">A cascade file is missing.</exception>
    public FaceDetector(string directory)
    {
        _directory = directory;
        foreach (string name in CascadeSet.FileNames)
        {
            string path = Path.Combine(directory, name);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException(
                    $"The Haar cascade {path} is missing: install the Debian package opencv-data, or set " +
                    "SkinAnalyzerOptions.CascadeDirectory to a folder holding OpenCV's haarcascades.",
                    path);
            }
        }

        _pool.Add(new CascadeSet(directory));
    }

    /// <summary>Returns the largest face in <paramref name="bgr"/>, or null when none is found.</summary>
    public FaceDetection? Detect(Mat bgr) => DetectPooled(bgr, smallFaces: false);

    /// <summary>
    /// Returns the largest frontal face in <paramref name="bgr"/> that is smaller than <see cref="Detect(Mat)"/>
    /// searches for, down to the cascade's 24 px window in the 320 px scan (about 7.5% of the longer side), or null
    /// when none is found. Small windows are the slowest part of a scan, so it is meant only for photos in which
    /// <see cref="Detect(Mat)"/> found no face.
    /// </summary>
    public FaceDetection? DetectSmall(Mat bgr) => DetectPooled(bgr, smallFaces: true);

    private FaceDetection? DetectPooled(Mat bgr, bool smallFaces)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CascadeSet cascades = _pool.TryTake(out CascadeSet? pooled) ? pooled : new CascadeSet(_directory);
        try
        {
            return Detect(bgr, cascades, smallFaces);
        }
        finally
        {
            if (_disposed)
            {
                cascades.Dispose();
            }
            else
            {
                _pool.Add(cascades);
            }
        }
    }

    public void Dispose()
    {
        _disposed = true;
        while (_pool.TryTake(out CascadeSet? cascades))
        {
            cascades.Dispose();
        }
    }

    private static FaceDetection? Detect(Mat bgr, CascadeSet cascades, bool smallFaces)
    {
        using var grey = new Mat();
        Cv2.CvtColor(bgr, grey, ColorConversionCodes.BGR2GRAY);

        double factor = Math.Min(1.0, (double)DetectionSize / Math.Max(grey.Cols, grey.Rows));
        using var small = new Mat();
        Cv2.Resize(grey, small, new Size(), factor, factor, InterpolationFlags.Area);
        Cv2.EqualizeHist(small, small);

        int pad = (int)Math.Round(Padding * small.Cols);
        using var padded = new Mat();
        Cv2.CopyMakeBorder(small, padded, pad, pad, pad, pad, BorderTypes.Replicate);
        int minSide = Math.Max(MinWindow, (int)(MinFaceFraction * Math.Min(small.Cols, small.Rows)));
        var minSize = new Size(minSide, minSide);

        FaceView view = FaceView.Frontal;
        Rect? found;
        if (smallFaces)
        {
            // Only the window sizes the full scan skipped, with the frontal cascade alone, to keep this scan short.
            found = minSide <= MinWindow
                ? null
                : Largest(cascades.Default.DetectMultiScale(
                    padded, 1.1, 5, HaarDetectionTypes.ScaleImage, new Size(MinWindow, MinWindow), minSize));
        }
        else
        {
            found = Largest(cascades.Default.DetectMultiScale(padded, 1.1, 5, HaarDetectionTypes.ScaleImage, minSize))
                ?? Largest(cascades.Alt2.DetectMultiScale(padded, 1.1, 3, HaarDetectionTypes.ScaleImage, minSize));
        }

        if (found is null && !smallFaces)
        {
            // OpenCV's profile cascade is trained on faces whose nose points to the image's left edge; the mirror
            // finds the other side.
            found = Largest(cascades.Profile.DetectMultiScale(padded, 1.1, 5, HaarDetectionTypes.ScaleImage, minSize));
            view = FaceView.ProfileLeft;
            if (found is null)
            {
                using var mirrored = new Mat();
                Cv2.Flip(padded, mirrored, FlipMode.Y);
                Rect? mirror = Largest(
                    cascades.Profile.DetectMultiScale(mirrored, 1.1, 5, HaarDetectionTypes.ScaleImage, minSize));
                if (mirror is { } m)
                {
                    found = new Rect(padded.Cols - m.Right, m.Top, m.Width, m.Height);
                    view = FaceView.ProfileRight;
                }
            }
        }

        if (found is not { } box)
        {
            return null;
        }

        Rect face = ToWorking(box, pad, factor, bgr.Size());
        if (face.Width < 16 || face.Height < 16)
        {
            return null;
        }

        IReadOnlyList<Rect> eyes = view == FaceView.Frontal ? FindEyes(grey, face, cascades.Eye) : [];
        return new FaceDetection(face, view, eyes);
    }

    private static Rect? Largest(Rect[] boxes) =>
        boxes.Length == 0 ? null : boxes.MaxBy(b => b.Width * b.Height);

    private static Rect ToWorking(Rect box, int pad, double factor, Size imageSize)
    {
        var scaled = new Rect(
            (int)Math.Round((box.X - pad) / factor),
            (int)Math.Round((box.Y - pad) / factor),
            (int)Math.Round(box.Width / factor),
            (int)Math.Round(box.Height / factor));
        return scaled.Intersect(new Rect(0, 0, imageSize.Width, imageSize.Height));
    }

    /// <summary>Returns up to two eyes found in the upper half of the face, one per side, image-left first.</summary>
    private static List<Rect> FindEyes(Mat grey, Rect face, CascadeClassifier eyeCascade)
    {
        var upper = new Rect(face.X, face.Y + (face.Height / 5), face.Width, face.Height * 2 / 5);
        upper = upper.Intersect(new Rect(0, 0, grey.Cols, grey.Rows));
        if (upper.Width < 20 || upper.Height < 10)
        {
            return [];
        }

        using var roi = new Mat(grey, upper);
        int minEye = Math.Max(8, face.Width / 9);
        Rect[] found = eyeCascade.DetectMultiScale(
            roi, 1.1, 4, HaarDetectionTypes.ScaleImage, new Size(minEye, minEye), new Size(face.Width / 3, face.Width / 3));

        int middle = face.Width / 2;
        Rect? left = Largest(found.Where(e => e.X + (e.Width / 2) < middle).ToArray());
        Rect? right = Largest(found.Where(e => e.X + (e.Width / 2) >= middle).ToArray());
        var eyes = new List<Rect>(2);
        foreach (Rect? eye in new[] { left, right })
        {
            if (eye is { } e)
            {
                eyes.Add(new Rect(e.X + upper.X, e.Y + upper.Y, e.Width, e.Height));
            }
        }

        return eyes;
    }

    /// <summary>One loaded copy of each cascade the detector uses.</summary>
    private sealed class CascadeSet : IDisposable
    {
        public static readonly string[] FileNames =
        [
            "haarcascade_frontalface_default.xml",
            "haarcascade_frontalface_alt2.xml",
            "haarcascade_profileface.xml",
            "haarcascade_eye.xml",
        ];

        public CascadeSet(string directory)
        {
            Default = Load(directory, FileNames[0]);
            Alt2 = Load(directory, FileNames[1]);
            Profile = Load(directory, FileNames[2]);
            Eye = Load(directory, FileNames[3]);
        }

        public CascadeClassifier Default { get; }

        public CascadeClassifier Alt2 { get; }

        public CascadeClassifier Profile { get; }

        public CascadeClassifier Eye { get; }

        public void Dispose()
        {
            Default.Dispose();
            Alt2.Dispose();
            Profile.Dispose();
            Eye.Dispose();
        }

        private static CascadeClassifier Load(string directory, string name)
        {
            string path = Path.Combine(directory, name);
            var cascade = new CascadeClassifier(path);
            if (cascade.Empty())
            {
                cascade.Dispose();
                throw new InvalidDataException($"The Haar cascade {path} could not be read: reinstall opencv-data.");
            }

            return cascade;
        }
    }
}
