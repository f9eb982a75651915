using Skinsight.Core.Catalog;

namespace Skinsight.Planning;

/// <summary>Step names used in <see cref="Core.Plans.RoutineStep.Step"/> and the catalog categories that fill them.</summary>
public static class RoutineSteps
{
    public const string Cleanse = "cleanse";
    public const string Treat = "treat";
    public const string Moisturise = "moisturise";
    public const string Sunscreen = "sunscreen";

    /// <summary>Minimum SPF a catalog product needs to fill the sunscreen step.</summary>
    public const int MinSpf = 30;

    /// <summary>True when products of the category can fill some step of a plan.</summary>
    public static bool IsPlannable(ProductCategory category) => category is ProductCategory.Cleanser
        or ProductCategory.Moisturiser or ProductCategory.Sunscreen or ProductCategory.Serum
        or ProductCategory.Toner or ProductCategory.Exfoliant or ProductCategory.Oil;

    /// <summary>True when a product of the category can fill the step (SPF is checked separately).</summary>
    public static bool Fits(string step, ProductCategory category) => step switch
    {
        Cleanse => category == ProductCategory.Cleanser,
        Moisturise => category == ProductCategory.Moisturiser,
        Sunscreen => category is ProductCategory.Sunscreen or ProductCategory.Moisturiser,
        Treat => category is ProductCategory.Serum or ProductCategory.Toner or ProductCategory.Exfoliant or ProductCategory.Oil,
        _ => false,
    };
}
