using OpenCvSharp;
using Skinsight.Core.Analysis;
using Skinsight.Vision.Acne;
using Skinsight.Vision.Decoding;
using Skinsight.Vision.Faces;
using Skinsight.Vision.Imaging;
using Skinsight.Vision.Measures;
using Skinsight.Vision.Skin;

namespace Skinsight.Vision;

public sealed partial class SkinAnalyzer
{
    /// <summary>
    /// Finds acne lesions on all the skin of a photo, not only inside the face regions the acne score reads, and
    /// grades their number. Each lesion is a red blob (see the acne measure) boxed by
    /// <paramref name="boxScale"/> times its equivalent radius on each side of its centre.
    /// </summary>
    /// <param name="photo">The bytes of a JPEG, PNG or WebP file.</param>
    /// <param name="redderBy">Least excess a* over the surrounding skin for a blob to count.</param>
    /// <param name="boxScale">Half the box side, in equivalent radii of the blob.</param>
    /// <exception cref="InvalidImageException">The bytes are not a usable image.</exception>
    public AcneDetection DetectAcne(ReadOnlySpan<byte> photo, double redderBy = AcneMeasureDefaults.RedderBy, double boxScale = AcneMeasureDefaults.BoxScale)
    {
        using DecodedPhoto decoded = PhotoDecoder.Decode(photo, _options);
        Mat bgr = decoded.Bgr;
        FaceDetection? face = _faces.Detect(bgr);
        double provisionalScale = face?.Face.Width ?? (0.8 * Math.Min(bgr.Cols, bgr.Rows));
        using SkinMasks masks = SkinMaskBuilder.Build(
            bgr, decoded.Opaque, _classifier, face is null ? null : InnerFace(face.Face), provisionalScale);
        if (face is not null && !IsPlausible(face, masks))
        {
            face = null;
        }

        using Framing framing = Frame(face, masks, bgr.Size());
        using LabImage rawLab = LabImage.FromBgr(bgr);
        QualityReport quality = Quality.QualityGate.Evaluate(MeasureQuality(decoded, framing, masks, rawLab), _options.Quality);

        using Mat background = masks.Area.Clone();
        if (framing.Face is not null)
        {
            background.Rectangle(framing.Face.Face, Scalar.All(255), -1);
        }

        using Mat normalised = WhiteBalance.Apply(bgr, WhiteBalance.EstimateGains(bgr, background));
        using LabImage lab = LabImage.FromBgr(normalised);
        using var colour = new Mat();
        Cv2.BitwiseAnd(masks.Colour, masks.Area, colour);
        using var context = new MeasureContext(
            framing.Mode, lab, masks.Area, masks.Area, colour, framing.Regions, framing.Scale);
        List<Blob> blobs = AcneMeasure.FindLesions(context, redderBy);

        double scale = decoded.Scale;
        var lesions = blobs
            .OrderByDescending(b => b.Contrast)
            .Select(b => new LesionBox(
                (b.X - (boxScale * b.Radius)) / scale,
                (b.Y - (boxScale * b.Radius)) / scale,
                2 * boxScale * b.Radius / scale,
                2 * boxScale * b.Radius / scale,
                Math.Round(b.Contrast, 2)))
            .ToList();
        return new AcneDetection(framing.Mode, quality.Accepted, lesions, AcneGrader.Grade(lesions.Count));
    }
}
