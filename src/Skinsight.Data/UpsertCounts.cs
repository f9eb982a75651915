namespace Skinsight.Data;

/// <summary>What an upsert did with each product it was given.</summary>
/// <param name="Imported">Products the store did not hold before.</param>
/// <param name="Updated">Products whose content hash changed.</param>
/// <param name="Unchanged">Products stored with the same content hash, left untouched.</param>
public readonly record struct UpsertCounts(int Imported, int Updated, int Unchanged)
{
    public int Total => Imported + Updated + Unchanged;

    public static UpsertCounts operator +(UpsertCounts left, UpsertCounts right) =>
        new(left.Imported + right.Imported, left.Updated + right.Updated, left.Unchanged + right.Unchanged);
}
