namespace ProvenanceGuard.Provenance.Fusion;

/// <summary>
/// One record's P(synthetic) from all its evidence, whether a single piece decided it, and the steps that led
/// there in reading order (for the record's lineage).
/// </summary>
public sealed record FusedVerdict(double PSynthetic, double Prior, bool Decisive, IReadOnlyList<string> Evidence)
{
    /// <summary>The evidence as one lineage decision string: "p_synthetic=0.0312; prior 0.2 (default); ...".</summary>
    public string LineageDecision() =>
        FormattableString.Invariant($"p_synthetic={PSynthetic:0.####}; ") + string.Join("; ", Evidence);
}
