using Skinsight.Core.Catalog;

namespace Skinsight.Planning;

/// <summary>How a product is sold or used, read from its name and source category, where that limits its steps.</summary>
[Flags]
internal enum ProductForm
{
    /// <summary>A full-size product applied by hand, fit for any step of its category.</summary>
    Regular = 0,

    /// <summary>Masks, wipes, patches, tools and sets: used now and then or not a single product, never a daily step.</summary>
    Occasional = 1,

    /// <summary>Mists, sprays and face waters: too light to be the cleanser or moisturiser.</summary>
    Mist = 2,

    /// <summary>Mini, travel and trial sizes: used only when no full size fits.</summary>
    Mini = 4,

    /// <summary>Sleeping, overnight and night products: evening only.</summary>
    /// <remarks>
    /// NOTE: the cleanse and moisturise steps serve both routines, so a night cream never fills them, only an
    /// evening treat step.
    /// </remarks>
    Overnight = 8,

    /// <summary>Blotting papers, primers, setting products and makeup: never a routine step.</summary>
    NotSkincare = 16,

    /// <summary>Powders: a powder SPF is makeup, so it never fills the sunscreen step.</summary>
    Powder = 32,

    /// <summary>
    /// Scrubs, peels, polishes, resurfacing products and exfoliators, by name or by a source category such as
    /// Sephora's "Exfoliators". They are used a few times a week, so they never fill the daily cleanse or moisturise
    /// step, whatever category the source gives them ("7 Day Scrub Cream" is listed as a cleanser).
    /// </summary>
    Exfoliating = 64,

    /// <summary>
    /// Products with a protein-digesting enzyme (papain, bromelain, a protease), by name or ingredient. Enzyme
    /// cleansers are sold for daily use, so they may fill the cleanse step, but the enzyme exfoliates, so for
    /// sensitive skin they come after every plain cleanser.
    /// </summary>
    Enzyme = 128,

    /// <summary>
    /// True soaps: a sodium or potassium salt of fatty acids (sodium palmate, tallowate, cocoate and the like) among
    /// the first ingredients. Soap leaves the skin more alkaline than a synthetic cleanser, so for sensitive skin a
    /// soap comes after every other cleanser. "Liquid Facial Soap" with sodium laureth sulfate is not one.
    /// </summary>
    Soap = 256,
}

/// <summary>Reads <see cref="ProductForm"/> from a product's name and source category.</summary>
internal static class ProductForms
{
    private static readonly Dictionary<string, ProductForm> s_words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mask"] = ProductForm.Occasional, ["masks"] = ProductForm.Occasional, ["masque"] = ProductForm.Occasional,
        ["wipe"] = ProductForm.Occasional, ["wipes"] = ProductForm.Occasional, ["towelettes"] = ProductForm.Occasional,
        ["patch"] = ProductForm.Occasional, ["patches"] = ProductForm.Occasional,
        ["tool"] = ProductForm.Occasional, ["tools"] = ProductForm.Occasional, ["device"] = ProductForm.Occasional,
        ["roller"] = ProductForm.Occasional, ["brush"] = ProductForm.Occasional, ["sponge"] = ProductForm.Occasional,
        ["kit"] = ProductForm.Occasional, ["set"] = ProductForm.Occasional, ["sets"] = ProductForm.Occasional, ["duo"] = ProductForm.Occasional,
        ["trio"] = ProductForm.Occasional,
        ["mist"] = ProductForm.Mist, ["mists"] = ProductForm.Mist, ["spray"] = ProductForm.Mist,
        ["mini"] = ProductForm.Mini, ["travel"] = ProductForm.Mini, ["trial"] = ProductForm.Mini,
        ["sample"] = ProductForm.Mini,
        ["sleeping"] = ProductForm.Overnight, ["overnight"] = ProductForm.Overnight, ["night"] = ProductForm.Overnight,
        ["nighttime"] = ProductForm.Overnight, ["pm"] = ProductForm.Overnight,
        ["blotting"] = ProductForm.NotSkincare, ["linens"] = ProductForm.NotSkincare,
        ["primer"] = ProductForm.NotSkincare, ["primers"] = ProductForm.NotSkincare,
        ["setting"] = ProductForm.NotSkincare, ["foundation"] = ProductForm.NotSkincare,
        ["concealer"] = ProductForm.NotSkincare, ["makeup"] = ProductForm.NotSkincare,
        ["powder"] = ProductForm.Powder, ["powders"] = ProductForm.Powder,
        ["scrub"] = ProductForm.Exfoliating, ["scrubs"] = ProductForm.Exfoliating, ["peel"] = ProductForm.Exfoliating,
        ["peels"] = ProductForm.Exfoliating, ["peeling"] = ProductForm.Exfoliating, ["polish"] = ProductForm.Exfoliating,
        ["exfoliator"] = ProductForm.Exfoliating, ["exfoliators"] = ProductForm.Exfoliating,
        ["exfoliant"] = ProductForm.Exfoliating, ["exfoliants"] = ProductForm.Exfoliating,
        ["resurfacing"] = ProductForm.Exfoliating,
        ["exfoliating"] = ProductForm.Exfoliating, ["microdermabrasion"] = ProductForm.Exfoliating,
        ["dermabrasion"] = ProductForm.Exfoliating,
        ["enzyme"] = ProductForm.Enzyme, ["enzymes"] = ProductForm.Enzyme,
    };

    // Words of an ingredient name that mark a protein-digesting enzyme: papain (papaya), bromelain (pineapple),
    // and the generic and bacterial proteases that enzyme powders and cleansers list.
    private static readonly HashSet<string> s_enzymeWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "papain", "bromelain", "protease", "subtilisin",
    };

    // Fatty-acid anions of soaps, as INCI names them after "Sodium" or "Potassium" (Sodium Palmate, Potassium
    // Cocoate, Sodium Palm Kernelate).
    private static readonly HashSet<string> s_soapAnions = new(StringComparer.OrdinalIgnoreCase)
    {
        "palmate", "tallowate", "cocoate", "kernelate", "olivate", "castorate", "stearate", "laurate", "myristate",
        "palmitate", "oleate", "sunflowerseedate", "butterate", "avocadate", "almondate", "babassuate", "lardate",
    };

    private static readonly HashSet<string> s_soapCations = new(StringComparer.OrdinalIgnoreCase) { "sodium", "potassium" };

    /// <summary>How many of the first ingredients are searched for a soap: a soap bar or soap-based foam lists it first.</summary>
    private const int SoapPosition = 3;

    private static readonly char[] s_separators = [' ', '-', ',', '.', '(', ')', '/', '&', '+', '|', '®', '™', ':'];

    public static ProductForm Classify(Product product)
    {
        ProductForm form = Read(product.Name) | Read(product.SourceCategory);

        // A face water such as "Grape Water" is a mist sold without the word.
        string[] nameWords = Words(product.Name);
        if (nameWords.Length > 0 && string.Equals(nameWords[^1], "water", StringComparison.OrdinalIgnoreCase))
        {
            form |= ProductForm.Mist;
        }

        if (EnzymeIn(product) is not null)
        {
            form |= ProductForm.Enzyme;
        }

        if (SoapIn(product) is not null)
        {
            form |= ProductForm.Soap;
        }

        return form;
    }

    /// <summary>
    /// Returns the preference tier of a product form for a step, or null when the form never fills the step.
    /// A lower tier wins: 0 is the usual choice and 1 a fallback form (minis, patches, mists as sunscreen). For
    /// <paramref name="sensitive"/> skin an enzyme or soap cleanser adds 2 in the cleanse step, so it comes after every
    /// plain cleanser, minis included.
    /// </summary>
    public static int? Tier(ProductForm form, string step, bool sensitive = false)
    {
        bool daily = step != RoutineSteps.Treat;
        if (form.HasFlag(ProductForm.NotSkincare) || form.HasFlag(ProductForm.Powder) && step == RoutineSteps.Sunscreen)
        {
            return null;
        }

        if (daily && form.HasFlag(ProductForm.Occasional))
        {
            return null;
        }

        if ((form.HasFlag(ProductForm.Mist) || form.HasFlag(ProductForm.Exfoliating))
            && step is RoutineSteps.Cleanse or RoutineSteps.Moisturise)
        {
            return null;
        }

        int tier = (form & ~(ProductForm.Powder | ProductForm.Exfoliating | ProductForm.Enzyme | ProductForm.Soap))
            is ProductForm.Regular or ProductForm.Overnight ? 0 : 1;
        return IsSensitiveFallback(form, step, sensitive) ? tier + 2 : tier;
    }

    /// <summary>Returns the first ingredient of <paramref name="product"/> that names an enzyme, or null when none does.</summary>
    public static string? EnzymeIn(Product product) =>
        product.Ingredients.FirstOrDefault(i => Words(i).Any(s_enzymeWords.Contains));

    /// <summary>
    /// Returns the first of the first three ingredients of <paramref name="product"/> that is a sodium or potassium
    /// soap, or null when none is.
    /// </summary>
    public static string? SoapIn(Product product) =>
        product.Ingredients.Take(SoapPosition).FirstOrDefault(IsSoap);

    /// <summary>True for an enzyme or soap product in the cleanse step of a plan for sensitive skin.</summary>
    public static bool IsSensitiveFallback(ProductForm form, string step, bool sensitive) =>
        sensitive && step == RoutineSteps.Cleanse && (form.HasFlag(ProductForm.Enzyme) || form.HasFlag(ProductForm.Soap));

    private static bool IsSoap(string ingredient)
    {
        string[] words = Words(ingredient);
        return words.Any(s_soapCations.Contains) && words.Any(s_soapAnions.Contains);
    }

    private static ProductForm Read(string text)
    {
        var form = ProductForm.Regular;
        foreach (string word in Words(text))
        {
            form |= s_words.GetValueOrDefault(word);
        }

        return form;
    }

    private static string[] Words(string text) => text.Split(s_separators, StringSplitOptions.RemoveEmptyEntries);
}
