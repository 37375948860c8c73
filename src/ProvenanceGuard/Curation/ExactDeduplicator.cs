using System.Globalization;

namespace ProvenanceGuard.Curation;

/// <summary>
/// Exact duplicates by content hash: the first record in canonical order with a given hash is the one kept; later ones
/// are duplicates of it. The index keeps 128 bits of each hash and the kept record's id. Up to
/// <c>entriesInMemory</c> entries live in a <see cref="FirstIdTable"/>; past that, given a spill directory, the table is
/// written out as a sorted <see cref="FirstIdRun"/> and emptied, so memory stays flat as the input grows (about 1.6 bytes
/// per spilled entry remain in memory, for its run's Bloom filter and block index). Lookups go newest first (the table,
/// then the runs), so a reassigned hash shadows its older entry; every four runs of a tier merge into one of the next,
/// which keeps the number of runs logarithmic in the input. Near duplicates are
/// <see cref="NearDuplicates.NearDuplicateIndex"/>'s.
/// </summary>
public sealed class ExactDeduplicator : IDisposable
{
    /// <summary>Entries kept in memory before spilling: a 2^20-slot table (24 MB) plus the ids, about 40 MB in all.</summary>
    public const int DefaultEntriesInMemory = 786_432;
    private const int RunsPerMerge = 4;

    private readonly FirstIdTable _table = new();
    private readonly List<FirstIdRun> _runs = [];
    private readonly string? _spillDirectory;
    private readonly long _entriesInMemory;
    private int _runsWritten;

    /// <param name="spillDirectory">Where sorted runs go once the table is full; null keeps everything in memory. The
    /// directory belongs to the index: whatever an earlier, killed run left there is deleted.</param>
    public ExactDeduplicator(string? spillDirectory = null, long entriesInMemory = DefaultEntriesInMemory)
    {
        if (entriesInMemory < 1) throw new ArgumentOutOfRangeException(nameof(entriesInMemory), entriesInMemory, "must be >= 1");
        _spillDirectory = spillDirectory;
        _entriesInMemory = entriesInMemory;
        if (spillDirectory is not null && Directory.Exists(spillDirectory)) Directory.Delete(spillDirectory, recursive: true);
    }

    /// <summary>Sorted runs on disk now (for tests and diagnostics).</summary>
    public int Runs => _runs.Count;

    /// <summary>Returns null when the hash is new (and remembers <paramref name="id"/> for it), else the id of its first record.</summary>
    public string? DuplicateOf(string contentSha256, string id)
    {
        var hash = Key(contentSha256);
        if (_runs.Count == 0)
        {
            var first = _table.GetOrAdd(hash, id);
            if (first is null) SpillWhenFull();
            return first;
        }
        var found = _table.Get(hash) ?? FindInRuns(hash);
        if (found is not null) return found;
        _table.Set(hash, id);
        SpillWhenFull();
        return null;
    }

    /// <summary>Points a hash at another record (a near-duplicate cluster chose a better representative than the first copy).</summary>
    public void Reassign(string contentSha256, string id)
    {
        _table.Set(Key(contentSha256), id);
        SpillWhenFull();
    }

    private string? FindInRuns(UInt128 hash)
    {
        for (var i = _runs.Count - 1; i >= 0; i--)
            if (_runs[i].Find(hash) is { } id) return id;
        return null;
    }

    private void SpillWhenFull()
    {
        if (_spillDirectory is null || _table.Count < _entriesInMemory) return;
        Directory.CreateDirectory(_spillDirectory);
        _table.SortForSpill();
        using (var writer = NewRun(_table.Count, tier: 0))
        {
            for (long i = 0; i < _table.Count; i++) writer.Add(_table.SortedHash(i), _table.SortedIdUtf8(i));
            _runs.Add(writer.Complete());
        }
        _table.Clear();
        while (_runs.Count >= RunsPerMerge && _runs.Skip(_runs.Count - RunsPerMerge).All(r => r.Tier == _runs[^1].Tier)) MergeNewest();
    }

    /// <summary>
    /// Merges the newest <see cref="RunsPerMerge"/> runs (one tier, contiguous in age) into one run of the next tier; where
    /// runs share a hash, the newest run's id wins, as it does for lookups.
    /// </summary>
    private void MergeNewest()
    {
        var merging = _runs.GetRange(_runs.Count - RunsPerMerge, RunsPerMerge);
        var readers = merging.Select(r => new FirstIdRunReader(r)).ToList();
        try
        {
            var live = readers.Select(r => r.MoveNext()).ToArray();
            using var writer = NewRun(merging.Sum(r => r.Count), merging[0].Tier + 1);
            while (true)
            {
                var newest = -1;
                for (var i = readers.Count - 1; i >= 0; i--)
                    if (live[i] && (newest < 0 || readers[i].Hash < readers[newest].Hash)) newest = i;
                if (newest < 0) break;
                var hash = readers[newest].Hash;
                writer.Add(hash, readers[newest].IdUtf8);
                for (var i = 0; i < readers.Count; i++)
                    if (live[i] && readers[i].Hash == hash) live[i] = readers[i].MoveNext();
            }
            var merged = writer.Complete();
            _runs.RemoveRange(_runs.Count - RunsPerMerge, RunsPerMerge);
            _runs.Add(merged);
        }
        finally
        {
            foreach (var reader in readers) reader.Dispose();
        }
        foreach (var run in merging) run.Dispose();
    }

    private FirstIdRunWriter NewRun(long maxEntries, int tier)
    {
        var name = Path.Combine(_spillDirectory!, $"run-{_runsWritten++:D6}");
        return new FirstIdRunWriter(name + ".keys", name + ".ids", maxEntries, tier);
    }

    private static UInt128 Key(string contentSha256) =>
        UInt128.Parse(contentSha256.AsSpan(0, 32), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    /// <summary>Deletes the runs and the spill directory.</summary>
    public void Dispose()
    {
        foreach (var run in _runs) run.Dispose();
        _runs.Clear();
        if (_spillDirectory is not null && Directory.Exists(_spillDirectory)) Directory.Delete(_spillDirectory, recursive: true);
    }
}
