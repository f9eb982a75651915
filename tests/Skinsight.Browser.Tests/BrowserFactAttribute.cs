namespace Skinsight.Browser.Tests;

/// <summary>A test that drives Debian's Chromium. It is skipped, with the reason, when a file it needs is missing.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>A real face photo from Debian's <c>opencv-doc</c> package.</summary>
    public const string FacePhotoPath = "/usr/share/doc/opencv-doc/examples/data/messi5.jpg";

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
