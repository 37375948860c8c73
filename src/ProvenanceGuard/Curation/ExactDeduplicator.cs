using System.Globalization;

namespace ProvenanceGuard.Curation;

/// <summary>
/// Exact duplicates by content hash: the first record in canonical order with a given hash is the one
/// kept; later ones are duplicates of it. The index keeps 128 bits of each hash and a reference to the
/// kept record's id (about 100 bytes per unique record); near duplicates are <see cref="NearDuplicates.NearDuplicateIndex"/>'s.
/// </summary>
public sealed class ExactDeduplicator
{
    private readonly Dictionary<UInt128, string> _firstIdByHash = new();

    public int UniqueCount => _firstIdByHash.Count;

    /// <summary>Returns null when the hash is new (and remembers <paramref name="id"/> for it), else the id of its first record.</summary>
    public string? DuplicateOf(string contentSha256, string id)
    {
        var key = UInt128.Parse(contentSha256.AsSpan(0, 32), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        if (_firstIdByHash.TryGetValue(key, out var first)) return first;
        _firstIdByHash[key] = id;
        return null;
    }

    /// <summary>Points a hash at another record (a near-duplicate cluster chose a better representative than the first copy).</summary>
    public void Reassign(string contentSha256, string id) =>
        _firstIdByHash[UInt128.Parse(contentSha256.AsSpan(0, 32), NumberStyles.HexNumber, CultureInfo.InvariantCulture)] = id;
}
