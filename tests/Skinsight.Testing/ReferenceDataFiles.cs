namespace Skinsight.Testing;

/// <summary>
/// Writes a small reference data folder in the layout of the public data sets (CosIng inventory and annexes,
/// comedogenic ratings, CosDNA), with a few hand-written rows whose facts the tests check.
/// </summary>
public static class ReferenceDataFiles
{
    public const string Inventory = """
        inci_name,cas_number,einecs_number,function
        WATER,7732-18-5,231-791-2,Solvent
        GLYCERIN,56-81-5,200-289-5,"Humectant, Skin Conditioning"
        RETINOL,68-26-8,200-683-7,Skin Conditioning
        SALICYLIC ACID,69-72-7,200-712-3,"Antidandruff, Keratolytic, Preservative"
        LINALOOL,78-70-6,201-134-4,"Deodorant, Perfuming"
        HYDROQUINONE,123-31-9,204-617-8,"Antioxidant, Bleaching"
        ISOPROPYL MYRISTATE,110-27-0,203-751-4,"Binding, Emollient"
        NIACINAMIDE,98-92-0,202-713-4,Skin Conditioning
        """;

    public const string AnnexII = """
        "Reference Number","Chemical name / INN","CAS Number","EC Number",Regulation,"Identified INGREDIENTS or substances e.g.",CMR,"Update Date"
        1339,"Hydroquinone",123-31-9,204-617-8,"(EC) 2009/1223",,,01/01/2020
        """;

    public const string AnnexIII = """
        "Reference Number","Chemical name / INN","Name of Common Ingredients Glossary","Product Type, body parts","Maximum concentration in ready for use preparation",Other,"Wording of conditions of use and warnings","Identified INGREDIENTS or substances e.g.",CMR
        98,"Salicylic acid","SALICYLIC ACID","(a) Rinse-off hair products (b) Other products","(a) 3.0% (b) 2.0%","Not to be used in preparations for children under 3 years","Not to be used for children under 3 years of age",,
        84,"Linalool","LINALOOL",,,"The presence of the substance must be indicated in the list of ingredients when its concentration exceeds 0.001% in leave-on products",,,
        """;

    public const string Comedogenic = """
        Name,Comedogenicity,Irritancy
        Isopropyl Myristate,5,3
        Glycerin,0,0
        """;

    public const string Cosdna = """
        {"name": "Isopropyl Myristate", "function": ["Solvent"], "acne": [5], "irritant": [3], "synonym": ["IPM"]}
        {"name": "Glycerin", "function": ["Humectant"], "acne": [0], "irritant": [0], "synonym": ["Glycerine"]}
        {"name": "Retinol", "function": ["Antioxidant"], "acne": null, "irritant": null, "synonym": ["Vitamin A"]}
        not json
        """;

    /// <summary>Writes every source under <paramref name="folder"/> and returns the folder.</summary>
    public static string WriteAll(string folder)
    {
        Write(folder, "eu-cosing-inventory/cosing.csv", Inventory);
        Write(folder, "eu-cosing-annexes/COSING_Annex_II_v2.csv", AnnexII);
        Write(folder, "eu-cosing-annexes/COSING_Annex_III_v2.csv", AnnexIII);
        Write(folder, "comedogenic-ratings/comedogenicity_irritancy.csv", Comedogenic);
        Write(folder, "cosdna-ingredient-kg/ingredients.jsonl", Cosdna);
        return folder;
    }

    /// <summary>Writes <paramref name="text"/> to <paramref name="relativePath"/> under the folder, creating folders.</summary>
    public static void Write(string folder, string relativePath, string text)
    {
        string path = Path.Combine(folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text + "\n");
    }
}
