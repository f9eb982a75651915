using OpenCvSharp;

namespace Skinsight.Vision.Faces;

/// <summary>
/// Derives the measured regions from the face box by fixed proportions of a Haar face box, whose top lies on the
/// lower forehead and whose bottom lies near the chin. Eye positions refine the under-eye regions when both eyes were
/// found. Regions are clipped to the image; a region that falls outside it is left out.
/// </summary>
internal static class FaceRegions
{
    /// <summary>Returns the regions of <paramref name="face"/> in an image of <paramref name="imageSize"/>.</summary>
    public static Dictionary<string, Rect> Derive(FaceDetection face, Size imageSize)
    {
        var regions = new Dictionary<string, Rect>();
        Rect box = face.Face;

        // Each entry: name, left, top, right, bottom as fractions of the face box (x from its left, y from its top).
        var fractions = face.View switch
        {
            FaceView.Frontal => FrontalFractions(face),
            FaceView.ProfileFacingLeft => ProfileFractions(mirror: false),
            _ => ProfileFractions(mirror: true),
        };

        var bounds = new Rect(0, 0, imageSize.Width, imageSize.Height);
        regions[RegionNames.Face] = box.Intersect(bounds);
        foreach (var (name, left, top, right, bottom) in fractions)
        {
            var rect = Rect.FromLTRB(
                box.X + (int)Math.Round(left * box.Width),
                box.Y + (int)Math.Round(top * box.Height),
                box.X + (int)Math.Round(right * box.Width),
                box.Y + (int)Math.Round(bottom * box.Height)).Intersect(bounds);
            if (rect.Width >= 4 && rect.Height >= 4)
            {
                regions[name] = rect;
            }
        }

        return regions;
    }

    private static List<(string, double, double, double, double)> FrontalFractions(FaceDetection face)
    {
        // Eye centres as fractions of the box: measured when both eyes were found, else typical positions.
        double eyeY = 0.38, imageLeftEyeX = 0.30, imageRightEyeX = 0.70, eyeWidth = 0.22;
        if (face.Eyes.Count == 2)
        {
            Rect box = face.Face;
            eyeY = face.Eyes.Average(e => e.Y + (e.Height / 2.0) - box.Y) / box.Height;
            imageLeftEyeX = (face.Eyes[0].X + (face.Eyes[0].Width / 2.0) - box.X) / box.Width;
            imageRightEyeX = (face.Eyes[1].X + (face.Eyes[1].Width / 2.0) - box.X) / box.Width;
            eyeWidth = face.Eyes.Average(e => (double)e.Width) / box.Width;
        }

        double underTop = eyeY + 0.07, underBottom = eyeY + 0.17, half = Math.Max(0.09, eyeWidth * 0.5);
        return
        [
            (RegionNames.Forehead, 0.25, -0.06, 0.75, 0.17),
            (RegionNames.RightCheek, 0.12, 0.52, 0.36, 0.76),
            (RegionNames.LeftCheek, 0.64, 0.52, 0.88, 0.76),
            (RegionNames.Nose, 0.41, 0.40, 0.59, 0.64),
            (RegionNames.Chin, 0.36, 0.90, 0.64, 1.06),
            (RegionNames.RightUnderEye, imageLeftEyeX - half, underTop, imageLeftEyeX + half, underBottom),
            (RegionNames.LeftUnderEye, imageRightEyeX - half, underTop, imageRightEyeX + half, underBottom),
        ];
    }

    /// <summary>
    /// Regions of a face whose nose points to the image's left (the person's right side is visible), or its mirror.
    /// </summary>
    private static List<(string, double, double, double, double)> ProfileFractions(bool mirror)
    {
        var regions = new List<(string Name, double Left, double Top, double Right, double Bottom)>
        {
            (RegionNames.Forehead, 0.30, 0.00, 0.75, 0.18),
            (RegionNames.RightCheek, 0.45, 0.48, 0.78, 0.76),
            (RegionNames.Nose, 0.10, 0.38, 0.32, 0.62),
            (RegionNames.Chin, 0.22, 0.88, 0.55, 1.04),
        };
        if (!mirror)
        {
            return regions;
        }

        return regions
            .Select(r => (r.Name == RegionNames.RightCheek ? RegionNames.LeftCheek : r.Name, 1 - r.Right, r.Top, 1 - r.Left, r.Bottom))
            .ToList();
    }
}
