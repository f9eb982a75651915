#:project ../../src/Skinsight.Learning/Skinsight.Learning.csproj

// Measures where the analysis's face box falls on UTKFace crops, so the skin-age input can be cut from a photo the
// way UTKFace cut its crops. Each crop is centred on a grey canvas three times its size, so the box is not clipped,
// and analysed. It prints the crop side and the offset of the crop centre, in units of the face box width.
// Run from the repository root with:
//   nice -n 19 dotnet run -c Release tools/learning/age-crop.cs -- DATA_DIR COUNT
using System.Globalization;
using SkiaSharp;
using Skinsight.Learning.Age;
using Skinsight.Vision;

if (args.Length != 2)
{
    Console.Error.WriteLine("Usage: age-crop.cs DATA_DIR COUNT");
    return 2;
}

var samples = AgeDataSet.Load(args[0], AgeSplit.Validation).Take(int.Parse(args[1], CultureInfo.InvariantCulture));
using var analyzer = new SkinAnalyzer();
var sides = new List<double>();
var dx = new List<double>();
var dy = new List<double>();
foreach (AgeSample sample in samples)
{
    using SKBitmap crop = SKBitmap.Decode(sample.ImagePath);
    int canvasSide = 3 * crop.Width;
    using var canvasBitmap = new SKBitmap(canvasSide, canvasSide);
    using (var canvas = new SKCanvas(canvasBitmap))
    {
        canvas.Clear(new SKColor(128, 128, 128));
        using var image = SKImage.FromBitmap(crop);
        canvas.DrawImage(image, crop.Width, crop.Height, new SKSamplingOptions(SKFilterMode.Nearest));
    }

    using SKData png = canvasBitmap.Encode(SKEncodedImageFormat.Png, 100);
    var analysis = analyzer.Analyze(png.ToArray(), null);
    var face = analysis.Regions.FirstOrDefault(r => r.Name == "face");
    if (face is null)
    {
        continue;
    }

    double width = face.Width;
    sides.Add(crop.Width / width);
    dx.Add((crop.Width * 1.5 - (face.X + (face.Width / 2.0))) / width);
    dy.Add((crop.Height * 1.5 - (face.Y + (face.Height / 2.0))) / width);
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"faces {sides.Count}: crop side / box width mean {sides.Average():0.000} sd {Sd(sides):0.000}; "
    + $"crop centre minus box centre, x {dx.Average():0.000} sd {Sd(dx):0.000}, y {dy.Average():0.000} sd {Sd(dy):0.000} (box widths)"));
return 0;

static double Sd(List<double> values)
{
    double mean = values.Average();
    return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, values.Count - 1));
}
