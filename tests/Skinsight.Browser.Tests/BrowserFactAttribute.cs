namespace Skinsight.Browser.Tests;

/// <summary>A test that drives Debian's Chromium. It is skipped, with the reason, when a file it needs is missing.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>
    /// A real photo with a person from Debian's <c>opencv-doc</c> package. The face is too small for the face
    /// detector, so the analyzer measures the whole scene as a close-up.
    /// </summary>
    public const string FacePhotoPath = "/usr/share/doc/opencv-doc/examples/data/messi5.jpg";

    /// <summary>A frontal selfie with mild acne from ACNE04, used instead of <see cref="FacePhotoPath"/> when the shared data is present.</summary>
    public const string SharedSelfie = "images/acne04-roboflow/images/levle1_198_jpg.rf.15807e7c50422537677b7665b2ae8537.jpg";

    /// <summary>Returns the ACNE04 selfie when the shared data is present, else the opencv-doc photo.</summary>
    public static string BestFacePhoto() => Testing.SharedData.Has(SharedSelfie) ? Testing.SharedData.PathOf(SharedSelfie) : FacePhotoPath;

    /// <param name="files">Further files the test needs, such as <see cref="FacePhotoPath"/>.</param>
    public BrowserFactAttribute(params string[] files)
    {
        if (!File.Exists(ChromiumPath))
        {
            Skip = $"{ChromiumPath} is missing; install the Debian package chromium (scripts/ensure-deps --test).";
            return;
        }

        string? missing = files.FirstOrDefault(f => !File.Exists(f));
        if (missing is not null)
        {
            Skip = $"{missing} is missing; install the Debian package opencv-doc (scripts/ensure-deps --test).";
        }
    }
}
