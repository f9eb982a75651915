using Skinsight.Catalog.Ingredients;

namespace Skinsight.Catalog.Tests;

public class InciParserTests
{
    [Theory]
    [InlineData("-Octinoxate 7.50%, Octisalate 4.00%, Oxybenzone 2.50%, Titanium Dioxide 1.10%: Sunscreen.",
        new[] { "Octinoxate", "Octisalate", "Oxybenzone", "Titanium Dioxide" })]
    [InlineData("-Titanium Dioxide 3.55%: Sunscreen.\n\n-Octinoxate 3.74%: Sunscreen.\n\n-Oxybenzone 1%: Sunscreen.",
        new[] { "Titanium Dioxide", "Octinoxate", "Oxybenzone" })]
    [InlineData("-Octinoxate (7.4%) and Zinc Oxide (9.6%): Protect skin against sun damage.",
        new[] { "Octinoxate", "Zinc Oxide" })]
    public void Parse_DashedActiveListing_ReadsActives(string raw, string[] expected)
    {
        ParsedIngredientList list = InciParser.Parse(raw);

        Assert.Equal(expected, list.Ingredients);
    }

    [Fact]
    public void Parse_CommasInsideParentheses_KeepsOneToken()
    {
        ParsedIngredientList list = InciParser.Parse(
            "Water (Aqua, Eau), Butyrospermum Parkii (Shea) Butter, Iron Oxides (CI 77491, CI 77492, CI 77499)");

        Assert.Equal(["Water", "Butyrospermum Parkii (Shea) Butter", "Iron Oxides"], list.Ingredients);
        Assert.Equal(["CI 77491", "CI 77492", "CI 77499"], list.Tokens.Last().ColourIndexes);
    }

    [Theory]
    [InlineData("Water/Aqua/Eau")]
    [InlineData("Aqua (Water, Eau)")]
    [InlineData("Aqua / Water")]
    [InlineData("Purified Water")]
    [InlineData("Water\\Aqua\\Eau")]
    [InlineData("Aqua/Water/Eau.")]
    public void Parse_WaterSpellings_BecomeWater(string raw)
    {
        Assert.Equal(["Water"], InciParser.Parse(raw).Ingredients);
    }

    [Theory]
    [InlineData("Parfum (Fragrance)")]
    [InlineData("Fragrance/Parfum")]
    [InlineData("Fragrance (Parfum)")]
    [InlineData("Fragrance (Natural)")]
    [InlineData("Natural Fragrance.")]
    [InlineData("Phthalate-Free Fragrance")]
    [InlineData("Fragrance Oil")]
    public void Parse_FragranceSpellings_BecomeParfum(string raw)
    {
        Assert.Equal(["Parfum"], InciParser.Parse(raw).Ingredients);
    }

    [Fact]
    public void Parse_FragranceFreeClaim_NotFolded()
    {
        Assert.DoesNotContain("Parfum", InciParser.Parse("Water, Fragrance Free").Ingredients);
    }

    [Fact]
    public void Parse_PythonListWithKitHeadings_SplitsSections()
    {
        const string raw =
            "['Drying Lotion:', 'Isopropyl Alcohol, Aqua (Water, Eau), Calamine, Salicylic Acid.', " +
            "'Buffering Lotion:', 'Propylene Glycol, Niacinamide, Isopropyl Alcohol.']";

        ParsedIngredientList list = InciParser.Parse(raw);

        Assert.Equal(2, list.Sections.Count);
        Assert.Equal("Drying Lotion", list.Sections[0].Title);
        Assert.Equal("Buffering Lotion", list.Sections[1].Title);
        Assert.Equal(
            ["Isopropyl Alcohol", "Water", "Calamine", "Salicylic Acid", "Propylene Glycol", "Niacinamide"],
            list.Ingredients);
    }

    [Fact]
    public void Parse_MayContainAfterPeriod_Split()
    {
        const string raw = "Sodium Benzoate, Phenoxyethanol. May Contain/Peut Contenir (+/-): " +
            "Iron Oxides (Ci 77491, Ci 77492), Mica.";

        ParsedIngredientList list = InciParser.Parse(raw);

        Assert.Equal(["Sodium Benzoate", "Phenoxyethanol"], list.Ingredients);
        Assert.Equal(["Iron Oxides", "Mica"], list.MayContain);
    }

    [Fact]
    public void Parse_BracketedPlusMinusList_IsMayContain()
    {
        const string raw = "Potassium Sorbate, [+/- Mica, Titanium Dioxide (Ci 77891), Carmine (Ci 75470)] <ILN44484>.";

        ParsedIngredientList list = InciParser.Parse(raw);

        Assert.Equal(["Potassium Sorbate"], list.Ingredients);
        Assert.Equal(["Mica", "Titanium Dioxide", "Carmine"], list.MayContain);
        Assert.DoesNotContain(list.Tokens, t => t.Name.Contains("ILN", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_MayContainListItem_Split()
    {
        const string raw = "['Tocopherol, Alcohol', 'May Contain (+/-):', 'Iron Oxides (Ci 77491), Titanium Dioxide (Ci 77891)']";

        ParsedIngredientList list = InciParser.Parse(raw);

        Assert.Equal(["Tocopherol", "Alcohol"], list.Ingredients);
        Assert.Equal(["Iron Oxides", "Titanium Dioxide"], list.MayContain);
    }

    [Fact]
    public void Parse_Percentages_AreStrippedAndKept()
    {
        ParsedIngredientList list = InciParser.Parse("Octinoxate 7.5%, 10% Glycolic Acid, Niacinamide (5%), Water");

        Assert.Equal(["Octinoxate", "Glycolic Acid", "Niacinamide", "Water"], list.Ingredients);
        Assert.Equal([7.5m, 10m, 5m, null], list.Tokens.Select(t => t.Percent));
    }

    [Fact]
    public void Parse_CiNumberFirst_KeepsNamedPigment()
    {
        ParsedIngredientList list = InciParser.Parse("Sulfur, CI 77891 (Titanium Dioxide), CI 77491, Ci 17200/Red 33");

        Assert.Equal(["Sulfur", "Titanium Dioxide", "CI 77491", "Red 33"], list.Ingredients);
    }

    [Fact]
    public void Parse_FootnoteMarksAndLegends_DropsLegendsOnly()
    {
        const string raw = "Water, Aloe Barbadensis Leaf Juice*, Glycerin**, *Limonene. *Organic. **Natural Origin.";

        ParsedIngredientList list = InciParser.Parse(raw);

        Assert.Equal(["Water", "Aloe Barbadensis Leaf Juice", "Glycerin", "Limonene"], list.Ingredients);
        Assert.Contains("*Organic.", list.Discarded);
    }

    [Fact]
    public void Parse_KeyIngredientBulletsBeforeList_DropsClaims()
    {
        const string raw = "-Hyaluronic Acid: Hydrates skin.\n-Niacinamide: Helps refine the look of pores.\n\n" +
            "Water, Glycerin, Niacinamide, Sodium Hyaluronate.";

        ParsedIngredientList list = InciParser.Parse(raw);

        Assert.Equal(["Water", "Glycerin", "Niacinamide", "Sodium Hyaluronate"], list.Ingredients);
        Assert.Equal(2, list.Discarded.Count);
    }

    [Fact]
    public void Parse_MarketingSentencesAndDisclaimer_DropsThem()
    {
        const string raw = "Water, Squalane, Tocopherol. Please be aware that ingredient lists may change or vary " +
            "from time to time. Please refer to the ingredient list on the product package you receive.";

        ParsedIngredientList list = InciParser.Parse(raw);

        Assert.Equal(["Water", "Squalane", "Tocopherol"], list.Ingredients);
    }

    [Fact]
    public void Parse_ProseOnly_ReturnsNoIngredients()
    {
        const string raw = "['Honey Grail contains a highly purified version of coconut oil that reduces the risk " +
            "for comedogenicity. The result is a light non-greasy texture.']";

        Assert.Empty(InciParser.Parse(raw).Ingredients);
    }

    [Theory]
    [InlineData("Visit the Dior boutique")]
    [InlineData("No Info")]
    [InlineData("#NAME?")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("[]")]
    public void Parse_PlaceholderText_ReturnsNoIngredients(string raw)
    {
        Assert.Empty(InciParser.Parse(raw).Ingredients);
    }

    [Fact]
    public void Parse_LocantCommas_StayInName()
    {
        ParsedIngredientList list = InciParser.Parse("Glycerin, 1,2-Hexanediol, 1, 2-Hexanediol, 1,2,6-Hexanetriol");

        Assert.Equal(["Glycerin", "1,2-Hexanediol", "1,2,6-Hexanetriol"], list.Ingredients);
    }

    [Fact]
    public void Parse_UnicodeDashesQuotesAndHtml_Normalised()
    {
        const string raw = "Caprylyl\u2013Caprylate/Caprate, Cera Alba (Cire d\u00B4abeille), <b>Mica</b>, " +
            "Undaria Pinnati\uFB01da Extract, Glycerin&nbsp;, Sodium C14\u202216 Olefin Sulfonate";

        ParsedIngredientList list = InciParser.Parse(raw);

        Assert.Equal(
            [
                "Caprylyl-Caprylate/Caprate", "Cera Alba (Cire d'abeille)", "Mica", "Undaria Pinnatifida Extract",
                "Glycerin", "Sodium C14-16 Olefin Sulfonate",
            ],
            list.Ingredients);
    }

    [Fact]
    public void Parse_AlcoholDenat_KeepsPeriod()
    {
        ParsedIngredientList list = InciParser.Parse("Alcohol Denat. (SD Alcohol 39C), Water.");

        Assert.Equal(["Alcohol Denat. (SD Alcohol 39C)", "Water"], list.Ingredients);
    }

    [Theory]
    [InlineData("Water, Alcohol, Denat., Glycerin", new[] { "Water", "Alcohol Denat.", "Glycerin" })]
    [InlineData("Alcohol, Denat. (Sd Alcohol 39-C), Parfum", new[] { "Alcohol Denat. (Sd Alcohol 39-C)", "Parfum" })]
    [InlineData("Alcohol, Denat, Water", new[] { "Alcohol Denat.", "Water" })]
    [InlineData("Water, Ethylhexyl, Methoxycinnamate, Limonene", new[] { "Water", "Ethylhexyl Methoxycinnamate", "Limonene" })]
    [InlineData("Coco-Betaine, Sodium, Chloride, Lactic Acid", new[] { "Coco-Betaine", "Sodium Chloride", "Lactic Acid" })]
    [InlineData("Glycerin, Caprylic/Capric, Triglyceride", new[] { "Glycerin", "Caprylic/Capric Triglyceride" })]
    [InlineData("Dimethicone/Vinyl Dimethicone, Crosspolymer, Silica", new[] { "Dimethicone/Vinyl Dimethicone Crosspolymer", "Silica" })]
    [InlineData("Phytosteryl, Octyldodecyl Lauroyl Glutamate", new[] { "Phytosteryl Octyldodecyl Lauroyl Glutamate" })]
    public void Parse_CommaInsideName_JoinsFragments(string raw, string[] expected)
    {
        ParsedIngredientList list = InciParser.Parse(raw);

        Assert.Equal(expected, list.Ingredients);
    }

    [Theory]
    [InlineData("Alcohol, Glycerin, Denatonium Benzoate", new[] { "Alcohol", "Glycerin", "Denatonium Benzoate" })]
    [InlineData("Water, Denatured Alcohol, Glycerin", new[] { "Water", "Denatured Alcohol", "Glycerin" })]
    [InlineData("Iron, Calcium, Magnesium, Zinc", new[] { "Iron", "Calcium", "Magnesium", "Zinc" })]
    [InlineData("Procapil, Redensyl, Pentylene Glycol", new[] { "Procapil", "Redensyl", "Pentylene Glycol" })]
    [InlineData("Sodium Benzoate, Benzyl Alcohol, 1,2-Hexanediol", new[] { "Sodium Benzoate", "Benzyl Alcohol", "1,2-Hexanediol" })]
    [InlineData("Water, Sodium, Potassium, Magnesium, Silica", new[] { "Water", "Sodium", "Potassium", "Magnesium", "Silica" })]
    [InlineData("Sodium, Zinc Oxide", new[] { "Sodium", "Zinc Oxide" })]
    [InlineData("Alcohol Denat., Denat. (SD Alcohol 40-B), Water", new[] { "Alcohol Denat.", "Denat. (SD Alcohol 40-B)", "Water" })]
    public void Parse_WholeNamesAroundComma_StaySeparate(string raw, string[] expected)
    {
        ParsedIngredientList list = InciParser.Parse(raw);

        Assert.Equal(expected, list.Ingredients);
    }

    [Fact]
    public void Parse_PeriodBetweenNames_SplitsThem()
    {
        ParsedIngredientList list = InciParser.Parse("Malpighia Emarginata Seed Extract. Furcellaria Lumbricalis Extract, Sea Salt.");

        Assert.Equal(["Malpighia Emarginata Seed Extract", "Furcellaria Lumbricalis Extract", "Sea Salt"], list.Ingredients);
    }

    [Fact]
    public void Parse_DuplicateNames_AppearOnceInIngredients()
    {
        ParsedIngredientList list = InciParser.Parse("['sodium hyaluronate', 'glycerin', 'sodium hyaluronate']");

        Assert.Equal(["sodium hyaluronate", "glycerin"], list.Ingredients);
        Assert.Equal(3, list.Tokens.Count());
    }

    [Fact]
    public void Parse_ActiveIngredientsLabel_KeepsBothLists()
    {
        ParsedIngredientList list = InciParser.Parse(
            "Active Ingredients: Avobenzone 3%, Octocrylene 2.70%Ingredients: Water, Glycerin");

        Assert.Equal(["Avobenzone", "Octocrylene", "Water", "Glycerin"], list.Ingredients);
    }

    [Fact]
    public void Parse_UnclosedParenthesis_StillSplits()
    {
        ParsedIngredientList list = InciParser.Parse(
            "Stellaria Media (Chickweed( Extract, Malt Extract, Triticum Vulgare (Wheat) Sprout Extract, " +
            "Alchemilla Vulgaris Leaf Extract, Equisetum Arvense Leaf Extract, Plantago Lanceolata Leaf Extract, " +
            "Urtica Dioica (Nettle) Leaf Extract, Avena Sativa (Oat) Kernel Extract, Calendula Officinalis Extract");

        Assert.Contains("Malt Extract", list.Ingredients);
        Assert.Contains("Calendula Officinalis Extract", list.Ingredients);
    }

    [Fact]
    public void Parse_ListItemsSplitMidName_Rejoined()
    {
        const string raw = "['Sodium Citrate, Citric', 'Acid, Vitis Vinif-', 'era Seed Oil, Tocopherol', " +
            "'Kit Serum:', 'Water, Glycerin']";

        ParsedIngredientList list = InciParser.Parse(raw);

        Assert.Equal(["Sodium Citrate", "Citric Acid", "Vitis Vinifera Seed Oil", "Tocopherol"], list.Sections[0].Tokens.Select(t => t.Name));
        Assert.Equal("Kit Serum", list.Sections[1].Title);
    }

    [Fact]
    public void Parse_OneNamePerItem_NotRejoined()
    {
        ParsedIngredientList list = InciParser.Parse("['glycerin', '1,2-hexanediol', 'caprylyl glycol']");

        Assert.Equal(["glycerin", "1,2-hexanediol", "caprylyl glycol"], list.Ingredients);
    }

    [Fact]
    public void Parse_SemicolonSeparators_Split()
    {
        Assert.Equal(["Water", "Salvia Officinalis (Sage) Leaf Water", "Coco-Betaine"],
            InciParser.Parse("Water; Salvia Officinalis (Sage) Leaf Water; Coco-Betaine").Ingredients);
    }
}
