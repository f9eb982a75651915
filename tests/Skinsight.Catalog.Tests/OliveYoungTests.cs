using Skinsight.Catalog.Import;
using Skinsight.Catalog.Import.Formats;
using Skinsight.Catalog.Ingredients;
using Skinsight.Core.Catalog;
using Skinsight.Testing;

namespace Skinsight.Catalog.Tests;

public class OliveYoungTests
{
    private const string ProductsHeader = "product_id,category,brand,product_name,ingredients,product_rating\n";
    private const string EssenceHeader = "product_id,product_url,ingredients,ok,error\n";
    private const string BasicHeader = "product_id,category,brand,product_name,product_url\n";

    [Theory]
    [InlineData("글리세린", "Glycerin")]
    [InlineData("소듐하이알루로네이트", "Sodium Hyaluronate")]
    [InlineData("나이아신아마이드(6%)", "Niacinamide")]
    [InlineData("클로렐라 불가리스추출물", "Chlorella Vulgaris Extract")]
    [InlineData("1,2-헥산다이올", "1,2-Hexanediol")]
    public void Translate_CommonKoreanName_ReturnsInci(string korean, string expected)
    {
        Assert.Equal(expected, KoreanInciNames.Default.Translate(korean));
    }

    [Fact]
    public void Translate_UnknownName_ReturnsNull()
    {
        Assert.Null(KoreanInciNames.Default.Translate("없는성분추출물"));
    }

    [Fact]
    public void Parse_RepeatedName_Throws()
    {
        using var text = new StringReader("korean\tinci\n글리세린\tGlycerin\n글리 세린\tGlycerin\n");

        var e = Assert.Throws<InvalidDataException>(() => KoreanInciNames.Parse(text));

        Assert.Contains("line 3", e.Message);
    }

    [Fact]
    public void Read_ProductsRow_TranslatesAndDeduplicates()
    {
        const string csv = ProductsHeader
            + "L1,로션,온그리디언츠,[1월 올영픽] 스킨 베리어 카밍 로션,"
            + "\"['글리세린', '알지닌', '글리세린', '없는성분추출물']\",4.8\n";

        ImportRecord record = Assert.Single(CatalogText.Read(csv));

        Product product = Assert.IsType<Product>(record.Product);
        Assert.Equal("oliveyoung-products", product.Source);
        Assert.Equal("L1", product.SourceId);
        Assert.Equal("스킨 베리어 카밍 로션", product.Name);
        Assert.Equal(ProductCategory.Moisturiser, product.Category);
        Assert.Equal(["Glycerin", "Arginine", "없는성분추출물"], product.Ingredients);
        Assert.Equal(4.8, product.Rating);
    }

    [Fact]
    public void Read_ProductsBrokenQuotes_SplitsAtCommas()
    {
        // One real row closes a name with a typographic quote, which is not a Python list literal.
        const string csv = ProductsHeader + "E9,에센스/세럼/앰플,브랜드,세럼,\"['글리세린', ‘소듐피씨에이','베타인']\",4.5\n";

        Product product = Assert.IsType<Product>(Assert.Single(CatalogText.Read(csv)).Product);

        Assert.Equal(["Glycerin", "Sodium PCA", "Betaine"], product.Ingredients);
    }

    [Theory]
    [InlineData("크림", "에스네이처 아쿠아 스쿠알란 수분크림", ProductCategory.Moisturiser)]
    [InlineData("크림", "닥터지 그린 마일드 업 선크림 SPF50+", ProductCategory.Sunscreen)]
    [InlineData("크림", "바비브라운 하이드레이팅 아이 크림", ProductCategory.EyeCare)]
    [InlineData("미스트/오일", "달바 화이트 트러플 퍼스트 스프레이 세럼 미스트", ProductCategory.Toner)]
    [InlineData("미스트/오일", "아로마티카 로즈마리 스칼프 오일", ProductCategory.Oil)]
    [InlineData("스킨/토너", "라운드랩 독도 토너", ProductCategory.Toner)]
    [InlineData("에센스/세럼/앰플", "아누아 피디알엔 히알루론산 캡슐 100 세럼", ProductCategory.Serum)]
    [InlineData("에센스/세럼/앰플", "파티온 노스카나인 트러블 세럼 50ml 기획(+15ml+마스크 1매)", ProductCategory.Serum)]
    public void Read_KoreanCategory_MapsOntoTaxonomy(string category, string name, ProductCategory expected)
    {
        string csv = ProductsHeader + $"X1,{category},브랜드,{name},\"['글리세린']\",4.5\n";

        Product product = Assert.IsType<Product>(Assert.Single(CatalogText.Read(csv)).Product);

        Assert.Equal(expected, product.Category);
    }

    [Fact]
    public void Read_KitWithHeadings_SplitsAtHeadings()
    {
        const string csv = ProductsHeader + "E8,에센스/세럼/앰플,브랜드,세럼 기획,\"[세럼] 정제수, 글리세린 [크림] 정제수, 베타인*\",4.5\n";

        Product product = Assert.IsType<Product>(Assert.Single(CatalogText.Read(csv)).Product);

        Assert.Equal(["Water", "Glycerin", "Betaine"], product.Ingredients);
    }

    [Fact]
    public void Read_ProductsEmptyList_SkipsWithReason()
    {
        const string csv = ProductsHeader + "C1,크림,브랜드,크림,[],4.5\n";

        ImportRecord record = Assert.Single(CatalogText.Read(csv));

        Assert.Null(record.Product);
        Assert.Equal("no ingredient list (column ingredients is empty)", record.SkipReason);
    }

    [Fact]
    public void Read_EssenceTable_JoinsProductTable()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File(OliveYoungEssenceFormat.ProductTableName), "\uFEFF" + BasicHeader
            + "1,에센스/세럼/앰플,아벤느,[1월올영픽/모공앰플] 아벤느 탄력 세럼 30ml,https://example.invalid/1\n");
        string path = folder.File("table3_essence_ingredients.csv");
        File.WriteAllText(path, "\uFEFF" + EssenceHeader
            + "1,https://example.invalid/1,\"정제수,나이아신아마이드(6%),1,2-헥산다이올,소듐하이알루로네이트(1.5%)\",True,\n"
            + "2,https://example.invalid/2,,False,RuntimeError:TARGET_LABEL_NOT_FOUND\n"
            + "3,https://example.invalid/3,글리세린,True,\n");

        List<ImportRecord> records = [.. CatalogReader.Read(path)];

        Assert.Equal(3, records.Count);
        Product product = Assert.IsType<Product>(records[0].Product);
        Assert.Equal("oliveyoung-essence", product.Source);
        Assert.Equal("아벤느 탄력 세럼 30ml", product.Name);
        Assert.Equal("아벤느", product.Brand);
        Assert.Equal(ProductCategory.Serum, product.Category);
        Assert.Equal(["Water", "Niacinamide", "1,2-Hexanediol", "Sodium Hyaluronate"], product.Ingredients);
        Assert.StartsWith("the crawl of this product failed (ok=False", records[1].SkipReason);
        Assert.Equal("product_id 3 is not in table2_essence_basic.csv, so the product has no name", records[2].SkipReason);
    }

    [Fact]
    public void Read_EssenceWithoutProductTable_ThrowsNamingIt()
    {
        using var folder = new TempFolder();
        string path = folder.File("ingredients.csv");
        File.WriteAllText(path, EssenceHeader + "1,https://example.invalid/1,글리세린,True,\n");

        var e = Assert.Throws<CatalogFormatException>(() => CatalogReader.Read(path));

        Assert.Contains(OliveYoungEssenceFormat.ProductTableName, e.Message);
    }

    [SharedDataFact("oliveyoung-kr-reviews/table3_essence_ingredients.csv")]
    public void Read_RealEssenceTable_AccountsForEveryRow()
    {
        string path = SharedData.PathOf("oliveyoung-kr-reviews/table3_essence_ingredients.csv");

        List<ImportRecord> records = [.. CatalogReader.Read(path)];

        Assert.Equal(File.ReadLines(path).Count() - 1, records.Count);
        Assert.All(records, r => Assert.True(r.Product is null ^ r.SkipReason is null));
        Assert.True(records.Count(r => r.Imported) > records.Count * 9 / 10);
        Assert.All(records.Where(r => r.Imported), r => Assert.Equal(ProductCategory.Serum, r.Product!.Category));
    }

    [SharedDataFact("oliveyoung-kr-reviews/final_products.csv")]
    public void Read_RealProducts_MostNamesTranslated()
    {
        string path = SharedData.PathOf("oliveyoung-kr-reviews/final_products.csv");

        List<string> names = [.. CatalogReader.Read(path).Where(r => r.Imported).SelectMany(r => r.Product!.Ingredients)];
        double translated = names.Count(n => !KoreanInciNames.ContainsHangul(n)) / (double)names.Count;

        Assert.True(translated > 0.8, $"only {translated:P1} of the ingredient names were translated to INCI");
    }
}
