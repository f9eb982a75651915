using Skinsight.Catalog.Import;
using Skinsight.Catalog.Ingredients;
using Skinsight.Testing;

namespace Skinsight.Catalog.Tests;

public sealed class CosingInventoryTests : IDisposable
{
    private const string Inventory = """
        inci_name,cas_number,einecs_number,function
        AQUA,7732-18-5,231-791-2,Solvent
        GLYCERIN,56-81-5,200-289-5,"Humectant, Skin Conditioning"
        BUTYROSPERMUM PARKII BUTTER,194043-92-0,293-515-7,"Skin Conditioning, Viscosity Controlling"
        CERA ALBA,8012-89-3,232-383-7,"Film Forming, Skin Conditioning - Emollient"
        "1,2-HEXANEDIOL",6920-22-5,230-029-6,Solvent
        PEG-100 STEARATE,9004-99-3,,"Surfactant - Emulsifying"
        TOCOPHEROL,59-02-9,200-412-2,Antioxidant
        ALCOHOL,64-17-5,200-578-6,Solvent
        METHYL ALCOHOL,67-56-1,200-659-6,Solvent
        CITRUS AURANTIFOLIA LEAF EXTRACT,,,Skin Conditioning
        3-O-ETHYL ASCORBIC ACID,86404-04-8,,Skin Conditioning
        DIETHYL ASCORBIC ACID,277325-36-7,,Skin Conditioning
        SACCHAROMYCES,,,Skin Protecting
        """;

    private readonly TempFolder _folder = new();
    private readonly CosingInventory _inventory;

    public CosingInventoryTests()
    {
        string path = _folder.File("cosing.csv");
        File.WriteAllText(path, Inventory);
        _inventory = CosingInventory.Load(path);
    }

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("Glycerin", "GLYCERIN", InciMatchKind.Exact)]
    [InlineData("1,2-Hexanediol", "1,2-HEXANEDIOL", InciMatchKind.Exact)]
    [InlineData("Peg 100 Stearate", "PEG-100 STEARATE", InciMatchKind.Normalised)]
    [InlineData("Butyrospermum Parkii (Shea) Butter", "BUTYROSPERMUM PARKII BUTTER", InciMatchKind.Synonym)]
    [InlineData("Cera Alba/Beeswax/Cire d'abeille", "CERA ALBA", InciMatchKind.Synonym)]
    [InlineData("Ethyl Ascorbic Acid", "3-O-ETHYL ASCORBIC ACID", InciMatchKind.Synonym)]
    [InlineData("글리세린", "GLYCERIN", InciMatchKind.Synonym)]
    [InlineData("1,2-헥산다이올", "1,2-HEXANEDIOL", InciMatchKind.Synonym)]
    [InlineData("Vitamin E", "TOCOPHEROL", InciMatchKind.Synonym)]
    [InlineData("Ethyl Alcohol", "ALCOHOL", InciMatchKind.Synonym)]
    [InlineData("Glycerine", "GLYCERIN", InciMatchKind.Fuzzy)]
    [InlineData("1,2-Hexanedoil", "1,2-HEXANEDIOL", InciMatchKind.Fuzzy)]
    public void Resolve_LabelName_FindsEntry(string name, string expected, InciMatchKind kind)
    {
        InciResolution resolution = _inventory.Resolve(name);

        Assert.Equal(expected, resolution.Entry?.InciName);
        Assert.Equal(kind, resolution.Kind);
    }

    [Fact]
    public void Resolve_Fuzzy_ReportsEditDistanceConfidence()
    {
        // "glycerine" is one insertion away from "glycerin": 1 - 1/9.
        InciResolution resolution = _inventory.Resolve("Glycerine");

        Assert.Equal(0.889, resolution.Confidence, 3);
    }

    [Theory]
    [InlineData("Citrus Aurantifolia (Lime) Extract")]
    [InlineData("Hadasei-3")]
    [InlineData("Xy")]
    [InlineData("없는성분추출물")]
    [InlineData("Saccharomyces/Camellia Sinensis Leaf/Cladosiphon Okamuranus/Rice Ferment Filtrate")]
    public void Resolve_NoCloseName_ReturnsNone(string name)
    {
        InciResolution resolution = _inventory.Resolve(name);

        Assert.False(resolution.Resolved);
        Assert.Equal(InciMatchKind.None, resolution.Kind);
    }

    [Fact]
    public void Load_FunctionsColumn_SplitsOnCommas()
    {
        CosingEntry? entry = _inventory.Find("glycerin");

        Assert.NotNull(entry);
        Assert.Equal(["Humectant", "Skin Conditioning"], entry.Functions);
        Assert.Equal("56-81-5", entry.CasNumber);
    }

    [Fact]
    public void Load_MissingNameColumn_Throws()
    {
        string path = _folder.File("bad.csv");
        File.WriteAllText(path, "name,cas\nAQUA,1\n");

        var error = Assert.Throws<CatalogFormatException>(() => CosingInventory.Load(path));

        Assert.Contains("inci_name", error.Message);
    }

    [Fact]
    public void Build_Report_CountsEachKindAndUnresolved()
    {
        IReadOnlyList<string>[] lists = [["Aqua", "Glycerine", "Hadasei-3"], ["Glycerin", "Hadasei-3"]];

        InciResolutionReport report = InciResolutionReport.Build(lists, _inventory);

        Assert.Equal(5, report.Tokens);
        Assert.Equal(2, report.ByKind[InciMatchKind.Exact]);
        Assert.Equal(1, report.ByKind[InciMatchKind.Fuzzy]);
        Assert.Equal(2, report.ByKind[InciMatchKind.None]);
        Assert.Equal(0.6, report.ResolvedShare, 6);
        Assert.Equal(new KeyValuePair<string, int>("Hadasei-3", 2), Assert.Single(report.TopUnresolved));
    }

    [Fact]
    public void Levenshtein_KnownPairs_MatchHandCount()
    {
        Assert.Equal(3, CosingInventory.Levenshtein("kitten", "sitting"));
        Assert.Equal(0, CosingInventory.Levenshtein("aqua", "aqua"));
        Assert.Equal(4, CosingInventory.Levenshtein("", "aqua"));
    }
}
