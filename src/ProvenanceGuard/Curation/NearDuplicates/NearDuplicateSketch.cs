namespace ProvenanceGuard.Curation.NearDuplicates;

/// <summary>
/// A text's MinHash sketch as the index needs it: the LSH key of each band and the 8-bit signature. Taken on the tagging
/// workers (both cores) so the curator, which runs on one thread, only looks it up.
/// </summary>
public sealed record NearDuplicateSketch(ulong[] BandKeys, byte[] Signature);
