using Skinsight.Ranking.Reviews;

namespace Skinsight.Ranking.Tests.Reviews;

public class ReviewReaderTests
{
    [Fact]
    public void ReadFolder_SephoraFile_ParsesValidRows()
    {
        using var temp = new TempFolder();
        File.WriteAllText(Path.Combine(temp.Path, "reviews.csv"),
            "author_id,rating,skin_tone,skin_type,product_id\n22353039362,3,fairLight,Oily,P1\n7,6,light,dry,P2\n8,5,,,P3\n");
        File.WriteAllText(Path.Combine(temp.Path, "other.csv"), "product_id,price\nP1,10\n");

        (ReviewLayout layout, IReadOnlyList<Review> reviews) = ReviewReader.ReadFolder(temp.Path);

        Assert.Equal(ReviewLayout.Sephora, layout);
        Assert.Equal(2, reviews.Count);
        Assert.Equal(new Review("22353039362", "P1", 3, reviews[0].Profile), reviews[0]);
        Assert.Equal("oily", reviews[0].Profile.SkinType);
        Assert.True(reviews[0].Disliked);
        Assert.Equal("unknown/unknown", reviews[1].Profile.Group);
    }

    [Fact]
    public void ReadFolder_OliveYoungFile_TranslatesKeywords()
    {
        using var temp = new TempFolder();
        File.WriteAllText(Path.Combine(temp.Path, "table1_cream_reviews400.csv"),
            "product_id,product_url,product_name,product_rating,user_id,user_keywords,user_rating,review_text\n" +
            "301,u,n,4.2,lee****,지성 | 쿨톤 | 트러블 | 블랙헤드,5,\"좋아요\n정말\"\n");

        (ReviewLayout layout, IReadOnlyList<Review> reviews) = ReviewReader.ReadFolder(temp.Path);

        Review review = Assert.Single(reviews);
        Assert.Equal(ReviewLayout.OliveYoung, layout);
        Assert.Equal("cream:301", review.ProductKey);
        Assert.Equal("oily", review.Profile.SkinType);
        Assert.Equal("cool", review.Profile.SkinTone);
        Assert.Equal(["acne", "blackheads"], review.Profile.Concerns);
        Assert.Equal("oily/acne+blackheads", review.Profile.Group);
        Assert.Equal(4.2, review.SourceProductRating);
    }

    [Fact]
    public void ReadFolder_NoReviewFiles_ThrowsNamingColumns()
    {
        using var temp = new TempFolder();
        File.WriteAllText(Path.Combine(temp.Path, "other.csv"), "a,b\n1,2\n");

        var error = Assert.Throws<RankerDataException>(() => ReviewReader.ReadFolder(temp.Path));

        Assert.Contains("author_id", error.Message);
    }

    [Fact]
    public void SplitKoreanIngredients_DropsBracketedNotes()
    {
        IReadOnlyList<string> names = ProductFactsReader.SplitKoreanIngredients("온천수(아벤느 온천수),나이아신아마이드(6%),글리세린");

        Assert.Equal(["온천수", "나이아신아마이드", "글리세린"], names);
    }
}
