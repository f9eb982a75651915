using Skinsight.Catalog.Ingredients;
using Skinsight.Testing;

namespace Skinsight.Catalog.Tests;

public class ComedogenicRatingsTests
{
    private const string Ratings = "comedogenic-ratings/comedogenicity_irritancy.csv";

    [Fact]
    public void Find_InlineTable_MatchesCaseAndCommonName()
    {
        using var folder = new TempFolder();
        string path = folder.File("ratings.csv");
        File.WriteAllText(path, "Name,Comedogenicity,Irritancy\nIsopropyl Myristate,5,3\nCocoa Butter,4,0\nSqualane,1,0\nBroken,x,1\n");
        ComedogenicRatings ratings = ComedogenicRatings.Load(path);

        Assert.Equal(3, ratings.Count);
        Assert.Equal(5, ratings.Find("ISOPROPYL MYRISTATE")?.Comedogenicity);
        Assert.Null(ratings.Find("Glycerin"));
        Assert.Equal("Isopropyl Myristate", ratings.MostComedogenic(["Water", "Squalane", "Isopropyl Myristate"])?.Name);
    }

    [Fact]
    public void Find_ParenthesisedCommonName_TriesNameWithoutIt()
    {
        using var folder = new TempFolder();
        string path = folder.File("ratings.csv");
        File.WriteAllText(path, "Name,Comedogenicity,Irritancy\nTheobroma Cacao Seed Butter,4,0\n");

        ComedogenicRating? rating = ComedogenicRatings.Load(path).Find("Theobroma Cacao (Cocoa) Seed Butter");

        Assert.Equal(4, rating?.Comedogenicity);
    }

    [SharedDataFact(Ratings)]
    public void Load_RealTable_RatesKnownIngredients()
    {
        ComedogenicRatings ratings = ComedogenicRatings.Load(SharedData.PathOf(Ratings));

        Assert.True(ratings.Count > 50, $"only {ratings.Count} ratings loaded");
        Assert.All(new[] { "Acetylated Lanolin", "Algae Extract" }, n => Assert.NotNull(ratings.Find(n)));
        Assert.InRange(ratings.Find("Algae Extract")!.Comedogenicity, 0, 5);
    }
}
