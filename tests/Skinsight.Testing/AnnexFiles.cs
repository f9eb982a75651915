namespace Skinsight.Testing;

/// <summary>
/// Writes a small <c>eu-cosing-annexes</c> folder in the layout of the CosIng exports: one plain Annex II entry, one
/// conditional Annex II entry, one restricted Annex III entry and one labelled fragrance allergen whose name no
/// curated group lists, so a test can tell the annex rule from the knowledge table.
/// </summary>
public static class AnnexFiles
{
    /// <summary>A made-up fragrance allergen name that only the annex file below lists.</summary>
    public const string AnnexOnlyAllergen = "Testallergenol";

    public const string AnnexII = """
        "Reference Number","Chemical name / INN","CAS Number","EC Number",Regulation,"Identified INGREDIENTS or substances e.g.",CMR,"Update Date"
        1339,"Hydroquinone",123-31-9,204-617-8,"(EC) 2009/1223",,,01/01/2020
        904,"Petrolatum, except if the full refining history is known",8009-03-8,232-373-2,"(EC) 2009/1223","PETROLATUM",,01/01/2020
        """;

    public const string AnnexIII = """
        "Reference Number","Chemical name / INN","Name of Common Ingredients Glossary","Product Type, body parts","Maximum concentration in ready for use preparation",Other,"Wording of conditions of use and warnings","Identified INGREDIENTS or substances e.g.",CMR
        98,"Salicylic acid","SALICYLIC ACID","(a) Rinse-off hair products (b) Other products","(a) 3.0% (b) 2.0%","Not to be used in preparations for children under 3 years","Not to be used for children under 3 years of age",,
        999,"Testallergenol","TESTALLERGENOL",,,"The presence of the substance shall be indicated in the list of ingredients when its concentration exceeds 0,001 % in leave-on products",,,
        """;

    /// <summary>Writes both annex files to <c>eu-cosing-annexes</c> under <paramref name="folder"/> and returns that subfolder.</summary>
    public static string Write(string folder)
    {
        ReferenceDataFiles.Write(folder, "eu-cosing-annexes/COSING_Annex_II_v2.csv", AnnexII);
        ReferenceDataFiles.Write(folder, "eu-cosing-annexes/COSING_Annex_III_v2.csv", AnnexIII);
        return Path.Combine(folder, "eu-cosing-annexes");
    }
}
