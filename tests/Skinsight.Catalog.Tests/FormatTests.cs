using Skinsight.Catalog.Import;
using Skinsight.Core.Catalog;

namespace Skinsight.Catalog.Tests;

public class FormatTests
{
    private const string SephoraHeader =
        "product_id,product_name,brand_id,brand_name,loves_count,rating,reviews,size,variation_type,variation_value," +
        "variation_desc,ingredients,price_usd,value_price_usd,sale_price_usd,limited_edition,new,online_only," +
        "out_of_stock,sephora_exclusive,highlights,primary_category,secondary_category,tertiary_category," +
        "child_count,child_max_price,child_min_price\n";

    [Theory]
    [InlineData("Mini Size,Skincare,", "Mini Hydrating Face Cream", ProductCategory.Moisturiser)]
    [InlineData("Men,Skincare,Face Wash", "Daily Face Wash", ProductCategory.Cleanser)]
    [InlineData("Men,Skincare,Moisturizer & Treatments", "Oil-Free Moisturizer", ProductCategory.Moisturiser)]
    [InlineData("Men,Skincare,Moisturizer & Treatments", "Age Defense Serum", ProductCategory.Serum)]
    public void Read_SephoraMiniOrMenSkincare_Imported(string categories, string name, ProductCategory expected)
    {
        string csv = SephoraHeader +
            $"P9,{name},1,Acme,10,4.5,120,,,,,\"['Water, Glycerin']\",20.0,,,0,0,0,0,0,\"[]\",{categories},0,,\n";

        ImportRecord record = Assert.Single(CatalogText.Read(csv));

        Product product = Assert.IsType<Product>(record.Product);
        Assert.Equal(expected, product.Category);
    }

    [Fact]
    public void Read_SephoraMiniSizeMakeup_Skipped()
    {
        const string csv = SephoraHeader +
            "P8,Mini Primer,1,Acme,10,4.5,120,,,,,\"['Water, Glycerin']\",20.0,,,0,0,0,0,0,\"[]\",Mini Size,Makeup,,0,,\n";

        ImportRecord record = Assert.Single(CatalogText.Read(csv));

        Assert.Null(record.Product);
        Assert.StartsWith("not a skincare product (primary_category=Mini Size", record.SkipReason);
    }

    [Fact]
    public void Read_SephoraSkincareRow_MapsAllFields()
    {
        const string csv = SephoraHeader +
            "P1,Clarifying Serum,1,Acme,10,4.5,120,,,,,\"['Water, Salicylic Acid 2%, Niacinamide.']\",49.0,,,0,0,0,0,0," +
            "\"['Vegan', 'Good for: Acne/Blemishes', 'Best for Oily, Combo, Normal Skin']\"," +
            "Skincare,Treatments,Face Serums,0,,\n";

        ImportRecord record = Assert.Single(CatalogText.Read(csv));

        Product product = Assert.IsType<Product>(record.Product);
        Assert.Equal("sephora-2023", product.Source);
        Assert.Equal("P1", product.SourceId);
        Assert.Equal("Acme", product.Brand);
        Assert.Equal(ProductCategory.Serum, product.Category);
        Assert.Equal("Skincare/Treatments/Face Serums", product.SourceCategory);
        Assert.Equal(49.0m, product.PriceUsd);
        Assert.Equal("USD", product.Currency);
        Assert.Equal(4.5, product.Rating);
        Assert.Equal(120, product.ReviewCount);
        Assert.Equal(["Water", "Salicylic Acid", "Niacinamide"], product.Ingredients);
        Assert.Equal(["Vegan", "Good for: Acne/Blemishes", "Best for Oily, Combo, Normal Skin"], product.Labels);
        Assert.Equal(["oily", "combination", "normal"], product.SkinTypes);
        Assert.Equal(["acne"], product.GoodFor);
    }

    [Fact]
    public void Read_SephoraMakeupRow_SkipsWithCategoryReason()
    {
        const string csv = SephoraHeader +
            "P2,Lipstick,1,Acme,10,4.5,120,,,,,\"['Ricinus Communis Seed Oil']\",20,,,0,0,0,0,0,,Makeup,Lip,Lipstick,0,,\n";

        ImportRecord record = Assert.Single(CatalogText.Read(csv));

        Assert.Null(record.Product);
        Assert.Equal("not a skincare product (primary_category=Makeup)", record.SkipReason);
    }

    [Fact]
    public void Read_CosmeticsRow_DerivesIdAndSkinTypes()
    {
        const string csv = "Label,Brand,Name,Price,Rank,Ingredients,Combination,Dry,Normal,Oily,Sensitive\n" +
            "Moisturizer,LA MER,Crème de la Mer,175,4.1,\"Algae (Seaweed) Extract, Mineral Oil, Water.\",1,1,0,0,1\n" +
            "Sun protect,ACME,Day Shield SPF 30,$1,200,0,\"Zinc Oxide 17.1%, Water\",0,0,0,0,0\n";

        List<ImportRecord> records = CatalogText.Read(csv);

        Product first = Assert.IsType<Product>(records[0].Product);
        Assert.Equal("la-mer--creme-de-la-mer", first.SourceId);
        Assert.Equal(ProductCategory.Moisturiser, first.Category);
        Assert.Equal(["combination", "dry", "sensitive"], first.SkinTypes);
        Assert.Equal(["skin:Combination", "skin:Dry", "skin:Sensitive"], first.Labels);
        Assert.Equal(4.1, first.Rating);
        Assert.Null(records[1].Product);
        Assert.StartsWith("row has 12 columns but the header has 11", records[1].SkipReason);
    }

    [Fact]
    public void Read_CosmeticsZeroFlags_NoSkinTypes()
    {
        const string csv = "Label,Brand,Name,Price,Rank,Ingredients,Combination,Dry,Normal,Oily,Sensitive\n" +
            "Sun protect,ACME,Day Shield SPF 30,\"$1,200\",0,\"Zinc Oxide 17.1%, Water\",0,0,0,0,0\n";

        Product product = Assert.IsType<Product>(Assert.Single(CatalogText.Read(csv)).Product);

        Assert.Empty(product.SkinTypes);
        Assert.Empty(product.Labels);
        Assert.Equal(1200m, product.PriceUsd);
        Assert.Null(product.Rating);
        Assert.Equal(ProductCategory.Sunscreen, product.Category);
    }

    [Fact]
    public void Read_LookFantasticRow_KeepsGbpPrice()
    {
        const string csv = "product_name,product_url,product_type,clean_ingreds,price\n" +
            "CeraVe Moisturising Cream 454g,https://example.invalid/p/1.html,Moisturiser," +
            "\"['glycerin', 'cetearyl alcohol', 'ceramide np', 'glycerin']\",£13.00\n";

        Product product = Assert.IsType<Product>(Assert.Single(CatalogText.Read(csv)).Product);

        Assert.Equal("lookfantastic", product.Source);
        Assert.Equal("cerave-moisturising-cream-454g", product.SourceId);
        Assert.Null(product.PriceUsd);
        Assert.Equal(13.00m, product.Price);
        Assert.Equal("GBP", product.Currency);
        Assert.Equal(["glycerin", "cetearyl alcohol", "ceramide np"], product.Ingredients);
        Assert.Equal(ProductCategory.Moisturiser, product.Category);
    }

    [Fact]
    public void Read_GenericWithColumnMap_MapsNamedColumns()
    {
        const string csv = "sku;title;maker;kind;cost;inci;tags;skin\n";
        var map = new ColumnMap
        {
            Id = "sku",
            Name = "title",
            Brand = "maker",
            Category = "kind",
            Price = "cost",
            Ingredients = "inci",
            Labels = "tags",
            SkinTypes = "skin",
            DefaultCurrency = "EUR",
            SourceName = "shop-eu",
        };
        string body = csv.Replace(';', ',') +
            "A-7,Gentle Gel Cleanser,Brand B,Cleansers,12.5,\"Aqua, Glycerin, Coco-Glucoside\",Vegan;Fragrance Free,\"Oily, Combo\"\n";

        Product product = Assert.IsType<Product>(Assert.Single(CatalogText.Read(body, map: map)).Product);

        Assert.Equal("shop-eu", product.Source);
        Assert.Equal("A-7", product.SourceId);
        Assert.Equal(ProductCategory.Cleanser, product.Category);
        Assert.Equal(12.5m, product.Price);
        Assert.Equal("EUR", product.Currency);
        Assert.Null(product.PriceUsd);
        Assert.Equal(["Water", "Glycerin", "Coco-Glucoside"], product.Ingredients);
        Assert.Equal(["Vegan", "Fragrance Free"], product.Labels);
        Assert.Equal(["oily", "combination"], product.SkinTypes);
    }

    [Fact]
    public void Read_GenericWithoutMap_GuessesCommonColumns()
    {
        const string csv = "Name,Brand,Ingredients,Price\nNight Cream,Acme,\"Water, Retinol\",30\n";

        Product product = Assert.IsType<Product>(Assert.Single(CatalogText.Read(csv)).Product);

        Assert.Equal("generic", product.Source);
        Assert.Equal("acme--night-cream", product.SourceId);
        Assert.Equal(["Water", "Retinol"], product.Ingredients);
    }

    [Theory]
    [InlineData("Treatments", "Face Serums", "Clarifying Drops", ProductCategory.Serum)]
    [InlineData("Eye Care", "Eye Masks", "Hydrogel Patches", ProductCategory.EyeCare)]
    [InlineData("Cleansers", "Exfoliators", "Daily Polish", ProductCategory.Exfoliant)]
    [InlineData("Cleansers", "Toners", "Balancing Toner", ProductCategory.Toner)]
    [InlineData("Moisturizers", "Face Oils", "Marula Oil", ProductCategory.Oil)]
    [InlineData("Sunscreen", "Face Sunscreen", "Daily Fluid", ProductCategory.Sunscreen)]
    [InlineData("Value & Gift Sets", "", "Retinol Night Cream Duo", ProductCategory.Moisturiser)]
    [InlineData("High Tech Tools", "Facial Cleansing Brushes", "Cleansing Brush", ProductCategory.Other)]
    [InlineData("Lip Balms & Treatments", "", "Lip Sleeping Mask", ProductCategory.LipCare)]
    public void CategoryMapper_SephoraBreadcrumbs_MapsCategory(
        string secondary,
        string tertiary,
        string name,
        ProductCategory expected)
    {
        Assert.Equal(expected, CategoryMapper.Map(name, tertiary, secondary));
    }

    [Theory]
    [InlineData("Best for Oily, Combo, Normal Skin", new[] { "oily", "combination", "normal" })]
    [InlineData("Best for Dry Skin", new[] { "dry" })]
    [InlineData("Best for Combination Skin", new[] { "combination" })]
    [InlineData("Vegan", new string[0])]
    public void LabelMapper_BestForLabel_ReturnsSkinTypes(string label, string[] expected)
    {
        Assert.Equal(expected, LabelMapper.SkinTypesIn(label));
    }

    [Theory]
    [InlineData("Good for: Dullness/Uneven Texture", new[] { "dullness", "texture" })]
    [InlineData("Good for: Loss of firmness", new[] { "wrinkles" })]
    [InlineData("Good for: Dark spots", new[] { "dark-spots" })]
    [InlineData("Good for: Dark Circles", new[] { "dark-circles" })]
    public void LabelMapper_GoodForLabel_ReturnsConcerns(string label, string[] expected)
    {
        Assert.Equal(expected, LabelMapper.ConcernsIn(label));
    }
}
