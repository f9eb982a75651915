using OpenCvSharp;

namespace Skinsight.Vision.Faces;

/// <summary>
/// Derives the measured regions from the face box by fixed proportions of a Haar face box, whose top lies on the
/// lower forehead and whose bottom lies near the chin. The typical eye centres, at 38% of the box height and 30% and
/// 70% of its width, were measured with the eye cascade on 128 UTKFace faces. Eyes found in the photo replace them.
/// Regions are clipped to the image, and a region that falls outside it is left out.
/// </summary>
internal static class FaceRegions
{
    /// <summary>
    /// Skin asymmetry between the outer thirds of the face box, at cheek height, above which a frontal detection is
    /// taken for a three-quarter view: the side the nose points to shows background past the nose.
    /// </summary>
    public const double TurnedAsymmetry = 0.3;

    /// <summary>Returns the view of <paramref name="face"/>, telling three-quarter views from frontal ones by the
    /// skin in <paramref name="skin"/>.</summary>
    public static FaceView RefineView(FaceDetection face, Mat skin)
    {
        if (face.View != FaceView.Frontal)
        {
            return face.View;
        }

        Rect box = face.Face;
        int top = box.Y + (int)(0.45 * box.Height), bottom = box.Y + (int)(0.8 * box.Height);
        double left = SkinShare(skin, Rect.FromLTRB(box.X, top, box.X + (box.Width / 3), bottom));
        double right = SkinShare(skin, Rect.FromLTRB(box.Right - (box.Width / 3), top, box.Right, bottom));
        double asymmetry = (right - left) / Math.Max(right + left, 1e-6);
        return asymmetry > TurnedAsymmetry ? FaceView.TurnedLeft
            : asymmetry < -TurnedAsymmetry ? FaceView.TurnedRight
            : FaceView.Frontal;
    }

    /// <summary>Returns the regions of <paramref name="face"/> seen as <paramref name="view"/>.</summary>
    public static Dictionary<string, Rect> Derive(FaceDetection face, FaceView view, Size imageSize)
    {
        var regions = new Dictionary<string, Rect>();
        Rect box = face.Face;
        var fractions = view switch
        {
            FaceView.Frontal => FrontalFractions(face),
            FaceView.TurnedLeft => TurnedFractions(mirror: false),
            FaceView.TurnedRight => TurnedFractions(mirror: true),
            FaceView.ProfileLeft => ProfileFractions(mirror: false),
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

    private static double SkinShare(Mat skin, Rect rect)
    {
        int area = rect.Width * rect.Height;
        rect = rect.Intersect(new Rect(0, 0, skin.Cols, skin.Rows));
        if (area <= 0 || rect.Width <= 0 || rect.Height <= 0)
        {
            return 0;
        }

        // Parts of the box outside the image count as not skin.
        using var roi = new Mat(skin, rect);
        return (double)Cv2.CountNonZero(roi) / area;
    }

    private static List<(string, double, double, double, double)> FrontalFractions(FaceDetection face)
    {
        double eyeY = 0.38, imageLeftEyeX = 0.30, imageRightEyeX = 0.70, eyeWidth = 0.22;
        if (face.Eyes.Count == 2)
        {
            Rect box = face.Face;
            eyeY = face.Eyes.Average(e => e.Y + (e.Height / 2.0) - box.Y) / box.Height;
            imageLeftEyeX = (face.Eyes[0].X + (face.Eyes[0].Width / 2.0) - box.X) / box.Width;
            imageRightEyeX = (face.Eyes[1].X + (face.Eyes[1].Width / 2.0) - box.X) / box.Width;
            eyeWidth = face.Eyes.Average(e => (double)e.Width) / box.Width;
        }

        // The under-eye band covers the lower lid and tear trough, from just below the lashes to 0.11 box heights below
        // the eye centre, over the middle 80% of the eye's width. The cheeks begin below the cheekbone's top.
        double underTop = eyeY + 0.04, underBottom = eyeY + 0.11, half = Math.Max(0.07, eyeWidth * 0.4);
        double cheekTop = eyeY + 0.18;
        return
        [
            (RegionNames.Forehead, 0.25, -0.06, 0.75, 0.17),
            (RegionNames.RightCheek, 0.10, cheekTop, 0.33, 0.76),
            (RegionNames.LeftCheek, 0.67, cheekTop, 0.90, 0.76),
            (RegionNames.Nose, 0.41, 0.42, 0.59, 0.60),
            (RegionNames.Chin, 0.36, 0.90, 0.64, 1.06),
            (RegionNames.RightUnderEye, imageLeftEyeX - half, underTop, imageLeftEyeX + half, underBottom),
            (RegionNames.LeftUnderEye, imageRightEyeX - half, underTop, imageRightEyeX + half, underBottom),
        ];
    }

    /// <summary>
    /// Regions of a three-quarter view whose nose points to the image's left: the far (image-left) cheek is hidden
    /// behind the nose and left out, the nose sits left of the box centre. The mirror serves the other side.
    /// </summary>
    private static List<(string, double, double, double, double)> TurnedFractions(bool mirror)
    {
        var regions = new List<(string Name, double Left, double Top, double Right, double Bottom)>
        {
            (RegionNames.Forehead, 0.30, -0.06, 0.80, 0.17),
            (RegionNames.Nose, 0.26, 0.42, 0.44, 0.60),
            (RegionNames.LeftCheek, 0.58, 0.48, 0.86, 0.72),
            (RegionNames.Chin, 0.30, 0.90, 0.60, 1.06),
            (RegionNames.LeftUnderEye, 0.54, 0.42, 0.76, 0.49),
        };
        return mirror ? Mirror(regions) : regions;
    }

    /// <summary>
    /// Regions of a profile whose nose points to the image's left, which shows the person's left cheek; the mirror
    /// serves the other side.
    /// </summary>
    private static List<(string, double, double, double, double)> ProfileFractions(bool mirror)
    {
        var regions = new List<(string Name, double Left, double Top, double Right, double Bottom)>
        {
            (RegionNames.Forehead, 0.30, 0.00, 0.75, 0.18),
            (RegionNames.LeftCheek, 0.45, 0.48, 0.78, 0.76),
            (RegionNames.Nose, 0.10, 0.38, 0.32, 0.62),
            (RegionNames.Chin, 0.22, 0.88, 0.55, 1.04),
        };
        return mirror ? Mirror(regions) : regions;
    }

    /// <summary>Mirrors regions left to right, which swaps the person's left and right.</summary>
    private static List<(string, double, double, double, double)> Mirror(
        List<(string Name, double Left, double Top, double Right, double Bottom)> regions) =>
        regions.Select(r => (SwapSide(r.Name), 1 - r.Right, r.Top, 1 - r.Left, r.Bottom)).ToList();

    private static string SwapSide(string name) => name switch
    {
        RegionNames.LeftCheek => RegionNames.RightCheek,
        RegionNames.RightCheek => RegionNames.LeftCheek,
        RegionNames.LeftUnderEye => RegionNames.RightUnderEye,
        RegionNames.RightUnderEye => RegionNames.LeftUnderEye,
        _ => name,
    };
}
