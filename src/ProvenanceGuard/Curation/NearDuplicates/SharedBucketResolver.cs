namespace ProvenanceGuard.Curation.NearDuplicates;

/// <summary>
/// The exchange step of staged near-duplicate detection: reads one bucket partition at a time from every task's band
/// files, folds exact copies into their first occurrence, and keeps the buckets that two or more distinct texts share.
/// Memory is one partition's entries (a 1/P share of all bucket entries) per worker, plus the shared buckets' members.
/// </summary>
public static class SharedBucketResolver
{
    public static SharedBuckets Resolve(IReadOnlyList<string> bandFiles, int partitions, int workers, CancellationToken cancellation = default)
    {
        var found = new List<long[]>[partitions];
        Parallel.For(0, partitions, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, workers), CancellationToken = cancellation }, partition =>
        {
            var entries = new List<BandEntry>();
            foreach (var file in bandFiles) NearDuplicateBandFile.ReadPartition(file, partition, partitions, entries);
            found[partition] = SharedIn(entries);
        });
        return SharedBuckets.From(found.SelectMany(f => f).ToList());
    }

    /// <summary>The distinct members, ascending, of each bucket that holds two or more distinct texts.</summary>
    private static List<long[]> SharedIn(List<BandEntry> entries)
    {
        entries.Sort((a, b) => a.Key != b.Key ? a.Key.CompareTo(b.Key) : a.Sequence.CompareTo(b.Sequence));
        var shared = new List<long[]>();
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
                if (members.Count > 1) shared.Add([.. members]);
            }
            start = end;
        }
        return shared;
    }
}
