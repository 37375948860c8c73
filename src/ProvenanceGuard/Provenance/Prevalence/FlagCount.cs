namespace ProvenanceGuard.Provenance.Prevalence;

/// <summary>A cluster of the records being estimated (texts that share a prompt, a source document, or are copies): its size and flagged count.</summary>
public readonly record struct FlagCount(int N, int Flagged);
