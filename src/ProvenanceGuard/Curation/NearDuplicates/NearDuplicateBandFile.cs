using System.Buffers.Binary;
using System.Globalization;
using ProvenanceGuard.Curation.Shards;
using ProvenanceGuard.Records;

namespace ProvenanceGuard.Curation.NearDuplicates;

/// <summary>One LSH bucket entry: a band's key, the record's canonical sequence and the first 8 bytes of its content hash.</summary>
public readonly record struct BandEntry(ulong Key, long Sequence, ulong ContentPrefix);

/// <summary>
/// The bucket entries of one split of a partitioned run, written by the task beside its tagged records and read back
/// one partition at a time by the resolver, so exchanging buckets never needs the whole index in one process.
/// Layout (little-endian): "PGBANDS1", int32 partition count P, int32 entry size (24), P + 1 int64 entry offsets, then
/// the entries grouped by partition (partition = high half of the key modulo P), each key, sequence, content prefix.
/// </summary>
public static class NearDuplicateBandFile
{
    private static ReadOnlySpan<byte> Magic => "PGBANDS1"u8;
    private const int EntryBytes = 24;

    public static int PartitionOf(ulong key, int partitions) => (int)((key >> 32) % (ulong)partitions);

    /// <summary>The entries of every band of <paramref name="sketch"/>'s current text, for <paramref name="record"/>.</summary>
    public static void AddEntries(List<BandEntry> entries, MinHashSketch sketch, int bands, Record record)
    {
        var prefix = ulong.Parse(record.ContentSha256.AsSpan(0, 16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        for (var band = 0; band < bands; band++) entries.Add(new BandEntry(sketch.BandKey(band), record.Sequence, prefix));
    }

    public static void Write(string path, IReadOnlyList<BandEntry> entries, int partitions)
    {
        var counts = new long[partitions];
        foreach (var entry in entries) counts[PartitionOf(entry.Key, partitions)]++;
        var offsets = new long[partitions + 1];
        for (var p = 0; p < partitions; p++) offsets[p + 1] = offsets[p] + counts[p];
        var ordered = new BandEntry[entries.Count];
        var next = offsets[..^1];
        foreach (var entry in entries) ordered[next[PartitionOf(entry.Key, partitions)]++] = entry;

        using var file = new AtomicFile(path);
        var header = new byte[16 + 8 * offsets.Length];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), partitions);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), EntryBytes);
        for (var p = 0; p < offsets.Length; p++) BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(16 + 8 * p), offsets[p]);
        file.Stream.Write(header);
        var buffer = new byte[EntryBytes];
        foreach (var entry in ordered)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(buffer, entry.Key);
            BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(8), entry.Sequence);
            BinaryPrimitives.WriteUInt64LittleEndian(buffer.AsSpan(16), entry.ContentPrefix);
            file.Stream.Write(buffer);
        }
        file.Commit();
    }

    /// <summary>Appends the entries of one partition of the file at <paramref name="path"/> to <paramref name="into"/>.</summary>
    public static void ReadPartition(string path, int partition, int partitions, List<BandEntry> into)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var fixedHeader = new byte[16];
        if (stream.ReadAtLeast(fixedHeader, 16, throwOnEndOfStream: false) < 16 || !fixedHeader.AsSpan(0, 8).SequenceEqual(Magic))
            throw new InvalidDataException($"{path}: not a near-duplicate band file (bad header at offset 0)");
        var stored = BinaryPrimitives.ReadInt32LittleEndian(fixedHeader.AsSpan(8));
        if (stored != partitions || BinaryPrimitives.ReadInt32LittleEndian(fixedHeader.AsSpan(12)) != EntryBytes)
            throw new InvalidDataException($"{path}: written with {stored} partitions, expected {partitions} (offset 8)");
        var offsets = new byte[8 * (partitions + 1)];
        if (stream.ReadAtLeast(offsets, offsets.Length, throwOnEndOfStream: false) < offsets.Length)
            throw new InvalidDataException($"{path}: truncated partition table (offset 16)");
        var first = BinaryPrimitives.ReadInt64LittleEndian(offsets.AsSpan(8 * partition));
        var end = BinaryPrimitives.ReadInt64LittleEndian(offsets.AsSpan(8 * (partition + 1)));
        var start = 16L + offsets.Length + first * EntryBytes;
        if (first < 0 || end < first || start + (end - first) * EntryBytes > stream.Length)
            throw new InvalidDataException($"{path}: partition {partition} ends past the end of the file (offset {start})");
        stream.Position = start;
        var buffer = new byte[EntryBytes * 4096];
        for (var remaining = end - first; remaining > 0;)
        {
            var take = (int)Math.Min(remaining, 4096);
            stream.ReadExactly(buffer, 0, take * EntryBytes);
            for (var i = 0; i < take; i++)
            {
                var entry = buffer.AsSpan(i * EntryBytes, EntryBytes);
                into.Add(new BandEntry(BinaryPrimitives.ReadUInt64LittleEndian(entry), BinaryPrimitives.ReadInt64LittleEndian(entry[8..]),
                    BinaryPrimitives.ReadUInt64LittleEndian(entry[16..])));
            }
            remaining -= take;
        }
    }
}
