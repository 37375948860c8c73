namespace ProvenanceGuard.Formats.Parquet.Writing;

/// <summary>
/// Builds a column chunk's dictionary (distinct PLAIN values in first-seen order, so output is deterministic) and
/// each value's index, giving up as soon as the dictionary would exceed its byte limit.
/// </summary>
internal static class DictionaryBuilder
{
    public sealed record Result(int[] Indices, ByteBuffer DictionaryPlain, int Count);

    public static Result? TryBuild(ColumnBuffer column, int limitBytes)
    {
        var n = column.ValueCount;
        if (n == 0 || column.Spec.Type == PhysicalType.Boolean) return null;
        var plain = column.Plain.Span;
        var indices = new int[n];
        var table = new int[64]; // entry + 1, 0 = empty
        var entries = new List<int>(); // value index of each entry's first occurrence
        var hashes = new List<int>();
        long dictionaryBytes = 0;
        for (var v = 0; v < n; v++)
        {
            var start = column.ValueStart(v);
            var bytes = plain[start..column.ValueEnd(v)];
            var hash = Hash(bytes);
            var mask = table.Length - 1;
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
                if (entries.Count * 2 > table.Length) table = Rehash(table.Length * 2, hashes);
            }
            indices[v] = found;
        }
        var dictionary = new ByteBuffer((int)Math.Max(16, dictionaryBytes));
        foreach (var e in entries) dictionary.Write(column.ValueBytes(e));
        return new Result(indices, dictionary, entries.Count);
    }

    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        var h = new HashCode();
        h.AddBytes(bytes);
        return h.ToHashCode() & int.MaxValue;
    }

    private static int[] Rehash(int size, List<int> hashes)
    {
        var table = new int[size];
        var mask = size - 1;
        for (var e = 0; e < hashes.Count; e++)
        {
            var slot = hashes[e] & mask;
            while (table[slot] != 0) slot = (slot + 1) & mask;
            table[slot] = e + 1;
        }
        return table;
    }
}
