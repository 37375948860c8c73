namespace ProvenanceGuard.Curation;

/// <summary>
/// A Bloom filter over 128-bit content hashes in which all of one key's bits lie in one 64-byte block, so a lookup
/// touches one cache line. The keys are SHA-256 prefixes, already uniform, so their own bits choose the block and the
/// bits: no further hashing. 12 bits per key with 6 bits set gives about 0.5% false positives and never a false negative.
/// </summary>
internal sealed class BlockedBloomFilter
{
    private const int BitsPerKey = 12;
    private const int BitsSet = 6;
    private const int WordsPerBlock = 8;

    private readonly ulong[] _words;
    private readonly ulong _blocks;

    public BlockedBloomFilter(long expectedKeys)
    {
        _blocks = (ulong)Math.Max(1, (Math.Max(expectedKeys, 1) * BitsPerKey + 511) / 512);
        _words = new ulong[_blocks * WordsPerBlock];
    }

    public long SizeBytes => _words.LongLength * sizeof(ulong);

    public void Add(UInt128 key)
    {
        var block = Block(key);
        var bits = (ulong)key;
        for (var i = 0; i < BitsSet; i++, bits >>= 9) _words[block + (int)((bits >> 6) & 7)] |= 1UL << (int)(bits & 63);
    }

    public bool MayContain(UInt128 key)
    {
        var block = Block(key);
        var bits = (ulong)key;
        for (var i = 0; i < BitsSet; i++, bits >>= 9)
            if ((_words[block + (int)((bits >> 6) & 7)] & (1UL << (int)(bits & 63))) == 0) return false;
        return true;
    }

    /// <summary>The first word of the key's block: the high half of the hash scaled onto the block count (no modulo bias to speak of).</summary>
    private long Block(UInt128 key) => (long)Math.BigMul((ulong)(key >> 64), _blocks, out _) * WordsPerBlock;
}
