using Xunit;
using ProvenanceGuard.Detection.Reference;

namespace ProvenanceGuard.Tests.Detection;

public class UInt64MapTests
{
    [Fact]
    public void Finds_every_key_it_was_built_with_and_nothing_else()
    {
        var random = new Random(7);
        var entries = new Dictionary<ulong, int>();
        while (entries.Count < 5000) entries[(ulong)random.NextInt64() | 1] = entries.Count;
        var map = new UInt64Map<int>(entries);
        Assert.Equal(5000, map.Count);
        foreach (var (key, value) in entries)
        {
            Assert.True(map.TryGetValue(key, out var found));
            Assert.Equal(value, found);
        }
        for (var i = 0; i < 5000; i++)
        {
            var probe = (ulong)random.NextInt64() & ~1UL; // even: never one of the (odd) keys
            Assert.False(map.TryGetValue(probe, out _));
        }
    }

    [Fact]
    public void Key_zero_is_an_ordinary_key()
    {
        var without = new UInt64Map<int>([KeyValuePair.Create(5UL, 1)]);
        Assert.False(without.TryGetValue(0, out _));
        var with = new UInt64Map<int>([KeyValuePair.Create(0UL, 42), KeyValuePair.Create(5UL, 1)]);
        Assert.True(with.TryGetValue(0, out var value));
        Assert.Equal(42, value);
        Assert.True(with.TryGetValue(5, out value));
        Assert.Equal(1, value);
    }

    [Fact]
    public void Duplicate_keys_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new UInt64Map<int>([KeyValuePair.Create(9UL, 1), KeyValuePair.Create(9UL, 2)]));
    }
}
