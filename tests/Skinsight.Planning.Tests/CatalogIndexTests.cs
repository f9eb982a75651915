using Skinsight.Core.Catalog;
using Skinsight.Planning.Knowledge;

namespace Skinsight.Planning.Tests;

/// <summary>The per-catalog cache of group members, which must not grow with names taken from profiles.</summary>
public class CatalogIndexTests
{
    private static readonly CatalogKnowledge s_knowledge = CatalogKnowledge.LoadDefault();

    [Fact]
    public void GroupMembers_RandomWords_NotCached()
    {
        var index = new CatalogIndex(TestProducts.Basic(), s_knowledge);
        var random = new Random(3);

        for (int i = 0; i < 200; i++)
        {
            index.GroupMembers(RandomWord(random));
        }

        Assert.Equal(0, index.CachedGroupCount);
    }

    [Fact]
    public void GroupMembers_KnownGroupSpellings_CachedUpToBound()
    {
        var index = new CatalogIndex(TestProducts.Basic(), s_knowledge);

        for (int i = 0; i < 2 * CatalogIndex.MaxCachedGroups; i++)
        {
            index.GroupMembers("fragrance" + new string('.', i));
        }

        Assert.Equal(CatalogIndex.MaxCachedGroups, index.CachedGroupCount);
    }

    [Fact]
    public void GroupMembers_UnknownWord_MembersInLabelOrder()
    {
        List<Product> catalog = TestProducts.Basic();
        catalog.Add(TestProducts.Moisturiser("shea-cream", 20, "Shea Butter", "Butyrospermum Parkii (Shea) Butter", "Shea Butter"));
        var index = new CatalogIndex(catalog, s_knowledge);

        IReadOnlyList<string>?[] members = index.GroupMembers("shea");

        Assert.Equal(["Shea Butter", "Butyrospermum Parkii (Shea) Butter", "Shea Butter"], members[^1]);
        Assert.All(members[..^1], Assert.Null);
        Assert.Equal(0, index.CachedGroupCount);
    }

    [Fact]
    public void GroupMembers_KnownGroup_CachedOnce()
    {
        List<Product> catalog = TestProducts.Basic();
        catalog.Add(TestProducts.Moisturiser("fragrant-cream", 20, "Parfum", "Linalool"));
        var index = new CatalogIndex(catalog, s_knowledge);

        IReadOnlyList<string>?[] first = index.GroupMembers("fragrance");
        IReadOnlyList<string>?[] second = index.GroupMembers("fragrance");

        Assert.Same(first, second);
        Assert.Equal(["Parfum", "Linalool"], first[^1]);
        Assert.Equal(1, index.CachedGroupCount);
    }

    internal static string RandomWord(Random random) =>
        new([.. Enumerable.Range(0, 8).Select(_ => (char)('a' + random.Next(26)))]);
}
