using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Skinsight.Core;
using Skinsight.Vision.Evaluation;

namespace Skinsight.Learning.Acne;

/// <summary>One annotated lesion: its box in photo pixels and its type (see <see cref="AcneLesionTypes"/>).</summary>
public sealed record AcneLesion(float X, float Y, float Width, float Height, int Type)
{
    public float CentreX => X + (Width / 2);

    public float CentreY => Y + (Height / 2);
}

/// <summary>A labelled ACNE04 photo with its annotated lesions.</summary>
/// <param name="Photo">The photo, its grade and split.</param>
/// <param name="Width">Width of the photo the boxes were drawn on, from the annotation file.</param>
/// <param name="Height">Height of that photo.</param>
public sealed record AcneLesionPhoto(AcnePhoto Photo, int Width, int Height, IReadOnlyList<AcneLesion> Lesions);

/// <summary>
/// Reads the Pascal VOC boxes of an ACNE04-style folder: <c>labels.csv</c> as <see cref="AcneDataSet"/> reads it,
/// plus <c>annotation_file</c>, relative to the folder.
/// </summary>
public static class AcneLesionDataSet
{
    /// <summary>Returns the photos of <paramref name="split"/> with their boxes, or every photo when it is null.</summary>
    /// <exception cref="InvalidInputException">
    /// A column or file is missing, an annotation file is not Pascal VOC XML, or a box is incomplete or of an
    /// unknown type.
    /// </exception>
    public static IReadOnlyList<AcneLesionPhoto> Read(string dataDir, string? split = null)
    {
        IReadOnlyList<AcnePhoto> photos = AcneDataSet.Read(dataDir, split);
        var table = LabelTable.Read(Path.Combine(dataDir, AcneDataSet.LabelsFileName), "image_file", "annotation_file");
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int row = 0; row < table.Count; row++)
        {
            annotations.TryAdd(table[row, "image_file"], table[row, "annotation_file"]);
        }

        return photos.Select(p =>
        {
            string path = Path.Combine(dataDir, annotations[p.ImageFile]);
            if (!File.Exists(path))
            {
                throw new InvalidInputException(
                    $"The annotation file {path} listed in {table.Path} for {p.ImageFile} was not found.");
            }

            (int width, int height, List<AcneLesion> lesions) = ReadAnnotation(path);
            return new AcneLesionPhoto(p, width, height, lesions);
        }).ToList();
    }

    /// <summary>Reads the image size and the typed boxes of one Pascal VOC annotation file.</summary>
    /// <exception cref="InvalidInputException">The file is not VOC XML, or a box is incomplete or of an unknown type.</exception>
    public static (int Width, int Height, List<AcneLesion> Lesions) ReadAnnotation(string path)
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

        XElement? size = document.Root?.Element("size");
        int width = ReadInt(size?.Element("width"), path, "size/width");
        int height = ReadInt(size?.Element("height"), path, "size/height");
        var lesions = new List<AcneLesion>();
        foreach (XElement item in document.Descendants("object"))
        {
            string name = (string?)item.Element("name") ?? "";
            int type = AcneLesionTypes.IndexOf(name);
            if (type < 0)
            {
                throw new InvalidInputException(
                    $"{path} has an object named '{name}'; the types are {string.Join(", ", AcneLesionTypes.Names)}.");
            }

            XElement box = item.Element("bndbox")
                ?? throw new InvalidInputException($"An object of {path} has no <bndbox>.");
            float xmin = ReadFloat(box, "xmin", path), ymin = ReadFloat(box, "ymin", path);
            float xmax = ReadFloat(box, "xmax", path), ymax = ReadFloat(box, "ymax", path);
            if (xmax <= xmin || ymax <= ymin)
            {
                throw new InvalidInputException($"A box of {path} has xmax <= xmin or ymax <= ymin.");
            }

            lesions.Add(new AcneLesion(xmin, ymin, xmax - xmin, ymax - ymin, type));
        }

        return (width, height, lesions);
    }

    private static int ReadInt(XElement? element, string path, string name) =>
        int.TryParse((string?)element, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value > 0
            ? value
            : throw new InvalidInputException($"{path} has no valid <{name}>; Pascal VOC files give the image size.");

    private static float ReadFloat(XElement box, string name, string path) =>
        float.TryParse((string?)box.Element(name), NumberStyles.Float, CultureInfo.InvariantCulture, out float value)
            ? value
            : throw new InvalidInputException($"A box in {path} has no valid <{name}>; every bndbox needs xmin, ymin, xmax and ymax.");
}
