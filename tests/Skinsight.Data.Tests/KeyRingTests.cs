using Skinsight.Data.Encryption;
using Skinsight.Testing;

namespace Skinsight.Data.Tests;

public class KeyRingTests
{
    [Fact]
    public void GetOrCreateDataKey_ConcurrentCallers_GetKeyOnDisk()
    {
        using var folder = new TempFolder();
        var ring = KeyRing.Open(new KeyRingOptions(folder.File("keys")));

        AssertOneKeyPerPerson(_ => ring, ring);
    }

    [Fact]
    public void GetOrCreateDataKey_TwoRings_AgreeOnOneKey()
    {
        // Two rings on one folder stand for two processes: they share no lock, only the files.
        using var folder = new TempFolder();
        var first = KeyRing.Open(new KeyRingOptions(folder.File("keys")));
        var second = KeyRing.Open(new KeyRingOptions(folder.File("keys")));

        AssertOneKeyPerPerson(caller => caller % 2 == 0 ? first : second, first);
    }

    /// <summary>
    /// Lets four callers create each new person's key at the same moment, then checks that every caller got the
    /// key a fresh ring reads from disk. Before keys were created exclusively, a few hundred people were enough
    /// for two callers to both write their own key.
    /// </summary>
    private static void AssertOneKeyPerPerson(Func<int, KeyRing> ringOf, KeyRing any)
    {
        const int Callers = 4;
        const int People = 600;
        var seen = new byte[People, Callers][];
        var people = Enumerable.Range(0, People).Select(_ => Guid.NewGuid()).ToArray();
        using var barrier = new Barrier(Callers);
        var threads = Enumerable.Range(0, Callers).Select(caller => new Thread(() =>
        {
            for (int p = 0; p < People; p++)
            {
                barrier.SignalAndWait();
                seen[p, caller] = ringOf(caller).GetOrCreateDataKey(people[p]);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        var fresh = KeyRing.Open(new KeyRingOptions(any.Folder));
        for (int p = 0; p < People; p++)
        {
            byte[] onDisk = fresh.GetDataKey(people[p]);
            for (int caller = 0; caller < Callers; caller++)
            {
                Assert.Equal(onDisk, seen[p, caller]);
            }
        }
    }
}
