#:project ../../src/Skinsight.Learning/Skinsight.Learning.csproj

// Writes a folder laid out like ACNE04 that holds only the rows of one split of the hash split that the acne models
// were trained and chosen on (AcneSplit: train, val or test). Its labels.csv keeps the header and the selected lines
// of the source folder's labels.csv unchanged, and its images/ and annotations/ are symbolic links to the source
// folder's. `./skinsight evaluate acne --data OUT` then scores that split, since `evaluate acne --split` selects by
// the roboflow_split column instead. Run from the repository root with:
//   dotnet run -c Release tools/learning/acne-split-folder.cs -- DATA SPLIT OUT
using Skinsight.Learning.Acne;

if (args is not [string data, string split, string output])
{
    Console.Error.WriteLine("Usage: acne-split-folder.cs DATA SPLIT OUT   (SPLIT: " + string.Join(", ", AcneSplit.Names) + ")");
    return 2;
}

if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any())
{
    Console.Error.WriteLine($"{output} is not empty; pass a new folder.");
    return 2;
}

HashSet<string> selected = [.. AcneDataSet.Read(data, split).Select(p => p.ImageFile)];
string[] lines = File.ReadAllLines(Path.Combine(data, AcneDataSet.LabelsFileName));
int imageColumn = Array.IndexOf(lines[0].Split(','), "image_file");

// The image_file values of the export contain no commas or quotes, so a plain split finds the column.
List<string> selectedLines = [lines[0], .. lines.Skip(1).Where(line => selected.Contains(line.Split(',')[imageColumn]))];
if (selectedLines.Count - 1 != selected.Count)
{
    Console.Error.WriteLine($"Found {selectedLines.Count - 1} lines for the {selected.Count} photos of {split}; a quoted field may hide a comma.");
    return 1;
}

Directory.CreateDirectory(output);
File.WriteAllLines(Path.Combine(output, AcneDataSet.LabelsFileName), selectedLines);
foreach (string folder in new[] { "images", "annotations" })
{
    Directory.CreateSymbolicLink(Path.Combine(output, folder), Path.GetFullPath(Path.Combine(data, folder)));
}

Console.WriteLine($"{output}: {selected.Count} photos of the {split} split.");
return 0;
