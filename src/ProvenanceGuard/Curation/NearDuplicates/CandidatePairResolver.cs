namespace ProvenanceGuard.Curation.NearDuplicates;

/// <summary>
/// The exchange step of staged near-duplicate detection: reads one bucket partition at a time from every task's band
/// files, folds exact copies into their first occurrence, and lists the record pairs that share a bucket. Memory is
/// one partition's entries (a 1/P share of all bucket entries) per worker, plus the pairs found.
/// </summary>
public static class CandidatePairResolver
{
    public static CandidatePairs Resolve(IReadOnlyList<string> bandFiles, int partitions, int workers, CancellationToken cancellation = default)
    {
        var found = new List<(long, long)>[partitions];
        Parallel.For(0, partitions, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, workers), CancellationToken = cancellation }, partition =>
        {
            var entries = new List<BandEntry>();
            foreach (var file in bandFiles) NearDuplicateBandFile.ReadPartition(file, partition, partitions, entries);
            found[partition] = PairsIn(entries);
        });
        var all = new List<(long Earlier, long Later)>(found.Sum(f => f.Count));
        foreach (var pairs in found) all.AddRange(pairs);
        return CandidatePairs.From(all);
    }

    /// <summary>Pairs of distinct texts within each bucket; a cluster of k distinct texts in one bucket gives k(k-1)/2 pairs.</summary>
    private static List<(long, long)> PairsIn(List<BandEntry> entries)
    {
        entries.Sort((a, b) => a.Key != b.Key ? a.Key.CompareTo(b.Key) : a.Sequence.CompareTo(b.Sequence));
        var pairs = new List<(long, long)>();
        var members = new List<long>();
        var contents = new HashSet<ulong>();
        for (var start = 0; start < entries.Count;)
        {
            var end = start + 1;
            while (end < entries.Count && entries[end].Key == entries[start].Key) end++;
            if (end - start > 1)
            {
                members.Clear();
                contents.Clear();
                for (var i = start; i < end; i++)
                    if (contents.Add(entries[i].ContentPrefix)) members.Add(entries[i].Sequence); // an exact copy defers to its first occurrence
                for (var j = 1; j < members.Count; j++)
                    for (var i = 0; i < j; i++) pairs.Add((members[i], members[j]));
            }
            start = end;
        }
        return pairs;
    }
}
