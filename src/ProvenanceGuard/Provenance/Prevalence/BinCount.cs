namespace ProvenanceGuard.Provenance.Prevalence;

/// <summary>How many scores of a group or cluster fell into one <see cref="LlrBins"/> bin (histograms are kept sparse).</summary>
public readonly record struct BinCount(int Bin, int Count);
