using System.Globalization;

namespace ProvenanceGuard.Curation;

/// <summary>
/// Exact duplicates by content hash: the first record in canonical order with a given hash is the one
/// kept; later ones are duplicates of it. The index keeps 128 bits of each hash and the kept record's id in a
/// <see cref="FirstIdTable"/> (32-64 bytes per unique record plus the id's UTF-8); near duplicates are
/// <see cref="NearDuplicates.NearDuplicateIndex"/>'s.
/// </summary>
public sealed class ExactDeduplicator
{
    private readonly FirstIdTable _firstIdByHash = new();

    /// <summary>Returns null when the hash is new (and remembers <paramref name="id"/> for it), else the id of its first record.</summary>
    public string? DuplicateOf(string contentSha256, string id) => _firstIdByHash.GetOrAdd(Key(contentSha256), id);

    /// <summary>Points a hash at another record (a near-duplicate cluster chose a better representative than the first copy).</summary>
    public void Reassign(string contentSha256, string id) => _firstIdByHash.Set(Key(contentSha256), id);

    private static UInt128 Key(string contentSha256) =>
        UInt128.Parse(contentSha256.AsSpan(0, 32), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
