using System.Buffers.Binary;

namespace ProvenanceGuard.Curation;

/// <summary>
/// Writes a <see cref="FirstIdRun"/> from entries given in ascending hash order (a sorted in-memory table, or a merge of
/// runs), building its Bloom filter and block index on the way.
/// </summary>
internal sealed class FirstIdRunWriter : IDisposable
{
    private const int BufferBytes = 1 << 20;

    private readonly string _keysPath;
    private readonly string _idsPath;
    private readonly int _tier;
    private readonly FileStream _keys;
    private readonly FileStream _ids;
    private readonly BlockedBloomFilter _filter;
    private readonly List<UInt128> _blockFirstHashes = [];
    private long _count;
    private UInt128? _last;

    /// <param name="maxEntries">An upper bound on the entries to come; it sizes the Bloom filter.</param>
    public FirstIdRunWriter(string keysPath, string idsPath, long maxEntries, int tier)
    {
        _keysPath = keysPath;
        _idsPath = idsPath;
        _tier = tier;
        _keys = new FileStream(keysPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferBytes);
        _ids = new FileStream(idsPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferBytes);
        _filter = new BlockedBloomFilter(maxEntries);
    }

    public void Add(UInt128 hash, ReadOnlySpan<byte> idUtf8)
    {
        if (_last is { } last && hash <= last) throw new InvalidOperationException("run entries must come in strictly ascending hash order");
        _last = hash;
        if (_count % FirstIdRun.BlockEntries == 0) _blockFirstHashes.Add(hash);
        _filter.Add(hash);

        Span<byte> entry = stackalloc byte[FirstIdRun.EntryBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(entry, (ulong)hash);
        BinaryPrimitives.WriteUInt64LittleEndian(entry[8..], (ulong)(hash >> 64));
        BinaryPrimitives.WriteInt64LittleEndian(entry[16..], _ids.Position);
        _keys.Write(entry);

        Span<byte> length = stackalloc byte[5];
        var at = 0;
        for (var v = (uint)idUtf8.Length; ; v >>= 7)
        {
            if (v < 0x80) { length[at++] = (byte)v; break; }
            length[at++] = (byte)(v | 0x80);
        }
        _ids.Write(length[..at]);
        _ids.Write(idUtf8);
        _count++;
    }

    /// <summary>Flushes both files and opens the run for lookups.</summary>
    public FirstIdRun Complete()
    {
        _keys.Dispose();
        _ids.Dispose();
        return new FirstIdRun(_keysPath, _idsPath, _count, _tier, [.. _blockFirstHashes], _filter);
    }

    public void Dispose()
    {
        _keys.Dispose();
        _ids.Dispose();
    }
}
