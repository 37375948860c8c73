using Xunit;
using ProvenanceGuard.Detection.Reference;

namespace ProvenanceGuard.Tests.Detection;

public class PackedNgramTableTests
{
    private const int ValueBits = 13;

    [Fact]
    public void Finds_every_stored_key_with_its_value_and_no_other_key()
    {
        var random = new Random(11);
        var stored = RandomKeys(random, 5000);
        var table = new PackedNgramTable(stored.Count, ValueBits);
        foreach (var (key, value) in stored) table.Insert(key, value);

        foreach (var (key, value) in stored)
        {
            Assert.True(table.TryFind(key, out var found));
            Assert.Equal(value, found);
        }
        foreach (var (key, _) in RandomKeys(random, 5000).Where(e => !stored.ContainsKey(e.Key)))
        {
            Assert.False(table.TryFind(key, out var found));
            Assert.Equal(0UL, found);
        }
    }

    [Fact]
    public void Keys_that_overflow_their_bucket_are_found_in_the_next_ones()
    {
        // Declared for 64 n-grams (16 buckets of 8 slots), then filled to all but one slot: most buckets overflow,
        // and the last ones wrap round to the first.
        var random = new Random(12);
        var table = new PackedNgramTable(64, ValueBits);
        var stored = RandomKeys(random, 127);
        foreach (var (key, value) in stored) table.Insert(key, value);

        foreach (var (key, value) in stored)
        {
            Assert.True(table.TryFind(key, out var found));
            Assert.Equal(value, found);
        }
        foreach (var (key, _) in RandomKeys(random, 1000).Where(e => !stored.ContainsKey(e.Key))) Assert.False(table.TryFind(key, out _));
        Assert.Throws<InvalidOperationException>(() => table.Insert(RandomKeys(random, 1).Keys.Single() | 1UL << 50, 1));
    }

    [Fact]
    public void The_first_value_stored_for_a_key_stands_and_values_keep_only_their_bits()
    {
        var table = new PackedNgramTable(4, ValueBits);
        table.Insert(42, 7);
        table.Insert(42, 9);
        table.Insert(43, (1UL << ValueBits) + 5);
        Assert.True(table.TryFind(42, out var first));
        Assert.Equal(7UL, first);
        Assert.True(table.TryFind(43, out var masked));
        Assert.Equal(5UL, masked);
    }

    // Keys of 51 bits (three 17-bit word ids), never 0, with random 13-bit values.
    private static Dictionary<ulong, ulong> RandomKeys(Random random, int count)
    {
        var keys = new Dictionary<ulong, ulong>();
        while (keys.Count < count) keys[(ulong)random.NextInt64(1, 1L << 50)] = (ulong)random.Next(1 << ValueBits);
        return keys;
    }
}
