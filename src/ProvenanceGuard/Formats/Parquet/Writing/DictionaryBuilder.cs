namespace ProvenanceGuard.Formats.Parquet.Writing;

/// <summary>
/// Builds a column chunk's dictionary (distinct PLAIN values in first-seen order, so output is deterministic) and
/// each value's index, giving up as soon as the dictionary would exceed its byte limit. Works in the caller's
/// <see cref="DictionaryScratch"/>: the result stays valid until the next build with the same scratch.
/// </summary>
internal static class DictionaryBuilder
{
    /// <summary>The dictionary: <paramref name="Indices"/> holds one entry per value (it may be longer than the value count).</summary>
    public sealed record Result(int[] Indices, ByteBuffer DictionaryPlain, int Count);

    public static Result? TryBuild(ColumnBuffer column, int limitBytes, DictionaryScratch scratch)
    {
        var n = column.ValueCount;
        if (n == 0 || column.Spec.Type == PhysicalType.Boolean) return null;
        var plain = column.Plain.Span;
        if (scratch.Indices.Length < n) scratch.Indices = new int[Math.Max(n, scratch.Indices.Length * 2)];
        var indices = scratch.Indices;
        var size = 64; // the table's logical size; entry + 1, 0 = empty
        var table = Cleared(ref scratch.Table, size);
        var entries = scratch.Entries; // value index of each entry's first occurrence
        var hashes = scratch.Hashes;
        entries.Clear();
        hashes.Clear();
        long dictionaryBytes = 0;
        for (var v = 0; v < n; v++)
        {
            var start = column.ValueStart(v);
            var bytes = plain[start..column.ValueEnd(v)];
            var hash = Hash(bytes);
            var mask = size - 1;
            var slot = hash & mask;
            int found = -1;
            while (table[slot] != 0)
            {
                var e = table[slot] - 1;
                if (hashes[e] == hash && column.ValueBytes(entries[e]).SequenceEqual(bytes))
                {
                    found = e;
                    break;
                }
                slot = (slot + 1) & mask;
            }
            if (found < 0)
            {
                dictionaryBytes += bytes.Length;
                if (dictionaryBytes > limitBytes) return null;
                found = entries.Count;
                entries.Add(v);
                hashes.Add(hash);
                table[slot] = found + 1;
                if (entries.Count * 2 > size)
                {
                    size *= 2;
                    table = Rehash(scratch, size);
                }
            }
            indices[v] = found;
        }
        var dictionary = scratch.Plain;
        dictionary.Clear();
        foreach (var e in entries) dictionary.Write(column.ValueBytes(e));
        return new Result(indices, dictionary, entries.Count);
    }

    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        var h = new HashCode();
        h.AddBytes(bytes);
        return h.ToHashCode() & int.MaxValue;
    }

    /// <summary>Zeroes the first <paramref name="size"/> slots of <paramref name="table"/>, growing it first if needed.</summary>
    private static int[] Cleared(ref int[] table, int size)
    {
        if (table.Length < size) table = new int[size];
        else Array.Clear(table, 0, size);
        return table;
    }

    /// <summary>Re-inserts every entry into a table of <paramref name="size"/> slots (the spare one, then swapped in).</summary>
    private static int[] Rehash(DictionaryScratch scratch, int size)
    {
        var table = Cleared(ref scratch.SpareTable, size);
        var mask = size - 1;
        var hashes = scratch.Hashes;
        for (var e = 0; e < hashes.Count; e++)
        {
            var slot = hashes[e] & mask;
            while (table[slot] != 0) slot = (slot + 1) & mask;
            table[slot] = e + 1;
        }
        scratch.SpareTable = scratch.Table;
        scratch.Table = table;
        return table;
    }
}
