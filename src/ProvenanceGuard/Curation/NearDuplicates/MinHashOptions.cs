namespace ProvenanceGuard.Curation.NearDuplicates;

/// <summary>
/// Near-duplicate detection settings (a dedup step with method "minhash"). Two texts are candidates when all
/// <see cref="Rows"/> minhashes of any of <see cref="Bands"/> bands agree, and near duplicates when their
/// estimated Jaccard similarity of word <see cref="ShingleWords"/>-gram sets is at least <see cref="Threshold"/>.
/// The defaults (12 x 10) make a pair at Jaccard 0.8 a candidate with probability 0.74 and one at 0.9 with 0.99.
/// </summary>
public sealed record MinHashOptions
{
    public int Bands { get; init; } = 12;
    public int Rows { get; init; } = 10;
    /// <summary>Estimated Jaccard similarity at or above which a candidate is a near duplicate.</summary>
    public double Threshold { get; init; } = 0.8;
    public int ShingleWords { get; init; } = 5;
    /// <summary>Metadata field holding a record's date; the earlier record is preferred as a cluster's representative.</summary>
    public string DateField { get; init; } = "date";
    /// <summary>Seeds the hash functions; part of the parameters, so a release is reproducible.</summary>
    public int Seed { get; init; } = 1;
    /// <summary>Bucket partitions of a partitioned run's band files; the merge resolves one partition per worker at a time.</summary>
    public int Partitions { get; init; } = 16;

    public int Hashes => Bands * Rows;

    /// <summary>The similarity at which a pair becomes a candidate with probability about one half, (1/b)^(1/r).</summary>
    public double CandidateThreshold => Math.Pow(1.0 / Bands, 1.0 / Rows);

    /// <summary>The probability that a pair at Jaccard <paramref name="jaccard"/> shares at least one band: 1 - (1 - J^r)^b.</summary>
    public double CandidateProbability(double jaccard) => 1 - Math.Pow(1 - Math.Pow(jaccard, Rows), Bands);
}
