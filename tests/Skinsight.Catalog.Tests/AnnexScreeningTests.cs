using Skinsight.Catalog.Ingredients;
using Skinsight.Testing;

namespace Skinsight.Catalog.Tests;

public class AnnexScreeningTests
{
    [Fact]
    public void FindProhibited_AnnexIIEntry_ReturnsCitation()
    {
        using var folder = new TempFolder();
        CosingAnnexes annexes = CosingAnnexes.LoadFolder(AnnexFiles.Write(folder.Path));

        AnnexMatch match = Assert.Single(annexes.FindProhibited(["Water", "hydroquinone", "Glycerin"]));

        Assert.Equal("hydroquinone", match.Ingredient);
        Assert.Equal("1339", match.Entry.Reference);
        Assert.Equal("Hydroquinone (EU Annex II, entry 1339)", match.Citation);
    }

    [Fact]
    public void Citation_MultiLineSubstance_IsOneShortLine()
    {
        string substance = "Borates, tetraborates, octaborates and boric acid salts and esters, including:\n"
            + "Disodium octaborate anhydrous [1]\r\nDisodium octaborate tetrahydrate [2]\nZinc borate [7]";
        var entry = new AnnexEntry("II", "1396", substance, ["ZINC BORATE"], "", "", "", "");

        string citation = new AnnexMatch("Zinc Borate", entry).Citation;

        Assert.DoesNotContain('\n', citation);
        Assert.DoesNotContain('\r', citation);
        Assert.StartsWith("Borates, tetraborates, octaborates and boric acid salts and esters, including: Disodium", citation);
        Assert.EndsWith("... (EU Annex II, entry 1396)", citation);
        Assert.Equal(100 + " (EU Annex II, entry 1396)".Length, citation.Length);
    }

    [Fact]
    public void FindProhibited_ConditionalOrRestricted_ReturnsNothing()
    {
        using var folder = new TempFolder();
        CosingAnnexes annexes = CosingAnnexes.LoadFolder(AnnexFiles.Write(folder.Path));

        Assert.Empty(annexes.FindProhibited(["Petrolatum", "Salicylic Acid", AnnexFiles.AnnexOnlyAllergen]));
    }

    [Fact]
    public void FindFragranceAllergens_LabelledEntry_ReturnsIt()
    {
        using var folder = new TempFolder();
        CosingAnnexes annexes = CosingAnnexes.LoadFolder(AnnexFiles.Write(folder.Path));

        AnnexMatch match = Assert.Single(annexes.FindFragranceAllergens(["Water", "Salicylic Acid", AnnexFiles.AnnexOnlyAllergen]));

        Assert.Equal(AnnexFiles.AnnexOnlyAllergen, match.Ingredient);
        Assert.Equal("III", match.Entry.Annex);
    }

    [Fact]
    public void TryLoadFolder_MissingFiles_ReturnsNull()
    {
        using var folder = new TempFolder();

        Assert.Null(CosingAnnexes.TryLoadFolder(folder.Path));
        Assert.Null(CosingAnnexes.TryLoadFolder(null));
    }
}
