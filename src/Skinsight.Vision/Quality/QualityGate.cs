using System.Globalization;
using Skinsight.Core.Analysis;

namespace Skinsight.Vision.Quality;

/// <summary>
/// Turns <see cref="QualityFeatures"/> into a <see cref="QualityReport"/>: named issues with retake advice, and a
/// 0-100 score that starts at 100 and loses a penalty per issue. A photo with a blocking issue is not accepted and
/// scores at most 40.
/// </summary>
internal static class QualityGate
{
    /// <summary>Issue code of an under-exposed photo.</summary>
    public const string TooDark = "too-dark";

    /// <summary>Issue code of an over-exposed photo.</summary>
    public const string TooBright = "too-bright";

    private const double BlockedScoreCap = 40;

    public static QualityReport Evaluate(QualityFeatures f, QualityThresholds t)
    {
        var issues = new List<(QualityIssue Issue, double Penalty)>();
        CheckSize(f, t, issues);
        if (ExposureBlocks(f, t))
        {
            // Very dark or blown-out pixels lose their colour and skin tone, so the content checks would blame the
            // camera's colour or the framing when the light is what needs to change.
            CheckExposure(f, t, issues);
        }
        else
        {
            CheckContent(f, t, issues);
        }

        if (!issues.Any(i => i.Issue.Blocking))
        {
            CheckExposure(f, t, issues);
            CheckSharpness(f, t, issues);
            CheckLighting(f, t, issues);
        }

        double score = Math.Max(0, 100 - issues.Sum(i => i.Penalty));
        bool accepted = !issues.Any(i => i.Issue.Blocking);
        if (!accepted)
        {
            score = Math.Min(score, BlockedScoreCap);
        }

        return new QualityReport(accepted, Math.Round(score, 1), issues.Select(i => i.Issue).ToList());
    }

    private static void CheckSize(QualityFeatures f, QualityThresholds t, List<(QualityIssue, double)> issues)
    {
        if (f.ShortSide < t.RejectShortSide)
        {
            issues.Add((new QualityIssue(
                "too-small",
                $"The photo is only {f.ShortSide} px on its shorter side, below the {t.RejectShortSide} px needed.",
                "Send the original photo rather than a thumbnail, at least 480 px on its shorter side.",
                Blocking: true), 60));
        }
        else if (f.ShortSide < t.WarnShortSide)
        {
            issues.Add((new QualityIssue(
                "low-resolution",
                $"The photo is {f.ShortSide} px on its shorter side, too few for fine texture, pores and wrinkles.",
                "Send the original photo, at least 480 px on its shorter side.",
                Blocking: false), 10));
        }

        if (!f.HasFace)
        {
            return;
        }

        if (f.FaceWidthPixels < t.RejectFaceWidthPixels)
        {
            issues.Add((new QualityIssue(
                "face-too-small",
                $"The face is only {f.FaceWidthPixels:F0} px wide, below the {t.RejectFaceWidthPixels} px needed.",
                "Hold the camera closer so that your face fills most of the frame.",
                Blocking: true), 60));
        }
        else if (f.FaceWidthFraction < t.WarnFaceWidthFraction)
        {
            issues.Add((new QualityIssue(
                "face-too-small",
                $"The face fills only {Percent(f.FaceWidthFraction)} of the photo's width.",
                "Hold the camera closer so that your face fills most of the frame.",
                Blocking: false), 10));
        }
    }

    private static void CheckContent(QualityFeatures f, QualityThresholds t, List<(QualityIssue, double)> issues)
    {
        if (f.MeanChroma < t.MinChroma)
        {
            issues.Add((new QualityIssue(
                "no-colour",
                "The photo has no colour (greyscale or nearly so), so skin colour cannot be measured.",
                "Take the photo in colour, without filters.",
                Blocking: true), 70));
            return;
        }

        if (!f.HasFace && f.SkinShare < t.MinCloseupSkinShare && f.SmallFaceWidthFraction > 0)
        {
            issues.Add((new QualityIssue(
                "face-too-small",
                $"The face fills only {Percent(f.SmallFaceWidthFraction)} of the photo's width, too little to measure the skin.",
                "Hold the camera closer so that your face fills most of the frame.",
                Blocking: true), 70));
        }
        else if (!f.HasFace && f.SkinShare < t.MinCloseupSkinShare)
        {
            issues.Add((new QualityIssue(
                "no-face",
                $"No face was found, and only {Percent(f.SkinShare)} of the photo is skin, too little for a close-up.",
                "Face the camera with your whole face in the frame, or fill the frame with the skin area for a close-up.",
                Blocking: true), 70));
        }
    }

    private static bool ExposureBlocks(QualityFeatures f, QualityThresholds t) =>
        f.LitL < t.RejectDarkL || f.MedianL > t.RejectBrightL || f.ClippedShare > t.RejectClipped;

    private static void CheckExposure(QualityFeatures f, QualityThresholds t, List<(QualityIssue, double)> issues)
    {
        if (f.LitL < t.WarnDarkL)
        {
            bool blocking = f.LitL < t.RejectDarkL;
            issues.Add((new QualityIssue(
                TooDark,
                $"The photo is too dark to measure {(blocking ? "the skin" : "the skin well")} " +
                $"(even its lit skin has a lightness L* of only {f.LitL:F0}); skin tone is not reported for it.",
                "Face a window or a lamp so that the light falls on your face, and avoid backlight.",
                blocking), blocking ? 60 : Scaled(t.WarnDarkL - f.LitL, t.WarnDarkL - t.RejectDarkL, 10, 25)));
        }
        else if (f.Highlight < t.WarnDimHighlight)
        {
            issues.Add((new QualityIssue(
                TooDark,
                $"The whole photo is dim (even its brightest parts reach only {f.Highlight:F0} of 255), so the skin " +
                "looks darker than it is; skin tone is not reported for it.",
                "Face a window or a lamp so that the light falls on your face, and avoid backlight.",
                Blocking: false), 15));
        }
        else if (f.MedianL > t.WarnBrightL || f.ClippedShare > t.WarnClipped)
        {
            bool blocking = f.MedianL > t.RejectBrightL || f.ClippedShare > t.RejectClipped;
            double over = Math.Max(
                (f.MedianL - t.WarnBrightL) / (t.RejectBrightL - t.WarnBrightL),
                (f.ClippedShare - t.WarnClipped) / (t.RejectClipped - t.WarnClipped));
            issues.Add((new QualityIssue(
                TooBright,
                $"The skin is overexposed ({Percent(f.ClippedShare)} of it is clipped white, median L* {f.MedianL:F0}); skin tone is not reported for it.",
                "Move away from direct sunlight or the flash, and use soft, indirect light.",
                blocking), blocking ? 60 : Scaled(over, 1, 10, 25)));
        }
    }

    private static void CheckSharpness(QualityFeatures f, QualityThresholds t, List<(QualityIssue, double)> issues)
    {
        if (double.IsNaN(f.Sharpness) || f.Sharpness >= t.WarnSharpness)
        {
            return;
        }

        bool blocking = f.Sharpness < t.RejectSharpness;
        string subject = f.HasFace ? "your face" : "the skin";
        issues.Add((new QualityIssue(
            "blurred",
            $"The photo is {(blocking ? "blurred" : "slightly soft")} (sharpness {f.Sharpness:F1}, where " +
            $"{t.WarnSharpness:F0} or more is sharp).",
            $"Hold the camera still, tap to focus on {subject}, and clean the lens.",
            blocking), blocking ? 60 : Scaled(t.WarnSharpness - f.Sharpness, t.WarnSharpness - t.RejectSharpness, 10, 25)));
    }

    private static void CheckLighting(QualityFeatures f, QualityThresholds t, List<(QualityIssue, double)> issues)
    {
        if (double.IsNaN(f.LightingRange) || f.LightingRange <= t.WarnLightingRange)
        {
            return;
        }

        issues.Add((new QualityIssue(
            "uneven-lighting",
            $"The light on the skin is uneven (lightness varies by {f.LightingRange:F0} L* across it).",
            "Face the light source directly so that both sides of your face are lit alike.",
            Blocking: false), Scaled(f.LightingRange - t.WarnLightingRange, 20, 10, 20)));
    }

    /// <summary>Returns a penalty from <paramref name="min"/> to <paramref name="max"/> as excess goes 0 to range.</summary>
    private static double Scaled(double excess, double range, double min, double max) =>
        min + ((max - min) * Math.Clamp(excess / range, 0, 1));

    private static string Percent(double share) =>
        (share * 100).ToString("F0", CultureInfo.InvariantCulture) + "%";
}
