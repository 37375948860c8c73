using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace ProvenanceGuard.Curation;

/// <summary>
/// One sorted run of the exact-dedup index on disk, written by <see cref="FirstIdRunWriter"/>: a keys file of 24-byte
/// entries (hash, offset of its id) in ascending hash order and an ids file of length-prefixed UTF-8. In memory it keeps
/// only a Bloom filter and the first hash of every block of <see cref="BlockEntries"/> entries (about 1.6 bytes per
/// entry in all), so a miss usually costs no read and a hit one block read plus one id read. Immutable; its files go
/// when it is disposed.
/// </summary>
internal sealed class FirstIdRun : IDisposable
{
    public const int EntryBytes = 24;
    public const int BlockEntries = 128;

    private readonly SafeFileHandle _keys;
    private readonly SafeFileHandle _ids;
    private readonly UInt128[] _blockFirstHashes;
    private readonly BlockedBloomFilter _filter;

    public FirstIdRun(string keysPath, string idsPath, long count, int tier, UInt128[] blockFirstHashes, BlockedBloomFilter filter)
    {
        KeysPath = keysPath;
        IdsPath = idsPath;
        Count = count;
        Tier = tier;
        _blockFirstHashes = blockFirstHashes;
        _filter = filter;
        _keys = File.OpenHandle(keysPath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, FileOptions.RandomAccess);
        _ids = File.OpenHandle(idsPath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, FileOptions.RandomAccess);
    }

    public string KeysPath { get; }
    public string IdsPath { get; }
    public long Count { get; }
    /// <summary>How many merges made it: spilled runs are tier 0, and four runs of a tier merge into one of the next.</summary>
    public int Tier { get; }

    /// <summary>The id this run holds for <paramref name="hash"/>, or null.</summary>
    public string? Find(UInt128 hash)
    {
        if (!_filter.MayContain(hash)) return null;
        var block = LastAtOrBelow(hash);
        if (block < 0) return null;
        var first = (long)block * BlockEntries;
        var entries = (int)Math.Min(BlockEntries, Count - first);
        Span<byte> bytes = stackalloc byte[BlockEntries * EntryBytes];
        bytes = bytes[..(entries * EntryBytes)];
        ReadExactly(_keys, bytes, first * EntryBytes, KeysPath);
        int low = 0, high = entries - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var entry = bytes.Slice(middle * EntryBytes, EntryBytes);
            var key = HashOf(entry);
            if (key == hash) return ReadId(BinaryPrimitives.ReadInt64LittleEndian(entry[16..]));
            if (key < hash) low = middle + 1;
            else high = middle - 1;
        }
        return null;
    }

    public static UInt128 HashOf(ReadOnlySpan<byte> entry) =>
        new(BinaryPrimitives.ReadUInt64LittleEndian(entry[8..]), BinaryPrimitives.ReadUInt64LittleEndian(entry));

    /// <summary>The block whose first hash is the largest one at or below <paramref name="hash"/>; -1 when all are above.</summary>
    private int LastAtOrBelow(UInt128 hash)
    {
        int low = 0, high = _blockFirstHashes.Length - 1, found = -1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            if (_blockFirstHashes[middle] <= hash) { found = middle; low = middle + 1; }
            else high = middle - 1;
        }
        return found;
    }

    private string ReadId(long offset)
    {
        Span<byte> head = stackalloc byte[64];
        var read = RandomAccess.Read(_ids, head, offset);
        var length = 0;
        var at = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (at == read) throw new InvalidDataException($"{IdsPath}: id at offset {offset} is cut short");
            var b = head[at++];
            length |= (b & 0x7F) << shift;
            if (b < 0x80) break;
        }
        if (at + length <= read) return Encoding.UTF8.GetString(head.Slice(at, length));
        var id = new byte[length];
        ReadExactly(_ids, id, offset + at, IdsPath);
        return Encoding.UTF8.GetString(id);
    }

    private static void ReadExactly(SafeFileHandle file, Span<byte> buffer, long offset, string path)
    {
        while (!buffer.IsEmpty)
        {
            var read = RandomAccess.Read(file, buffer, offset);
            if (read == 0) throw new InvalidDataException($"{path}: ends before offset {offset + buffer.Length}");
            buffer = buffer[read..];
            offset += read;
        }
    }

    public void Dispose()
    {
        _keys.Dispose();
        _ids.Dispose();
        File.Delete(KeysPath);
        File.Delete(IdsPath);
    }
}
