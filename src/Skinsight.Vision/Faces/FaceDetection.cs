using OpenCvSharp;

namespace Skinsight.Vision.Faces;

/// <summary>Which way a detected face looks.</summary>
internal enum FaceView
{
    /// <summary>Towards the camera.</summary>
    Frontal,

    /// <summary>A profile or three-quarter view with the nose towards the image's left edge.</summary>
    ProfileFacingLeft,

    /// <summary>A profile or three-quarter view with the nose towards the image's right edge.</summary>
    ProfileFacingRight,
}

/// <summary>A face found in the working image, in working-image pixels.</summary>
/// <param name="Face">The cascade's face box.</param>
/// <param name="View">Which way the face looks.</param>
/// <param name="Eyes">Eye boxes found inside the face, image-left first; empty when none were found.</param>
internal sealed record FaceDetection(Rect Face, FaceView View, IReadOnlyList<Rect> Eyes);
