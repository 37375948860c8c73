namespace ProvenanceGuard.Provenance.Prevalence;

/// <summary>An estimated synthetic share of <see cref="N"/> records with its confidence interval [<see cref="CiLow"/>, <see cref="CiHigh"/>].</summary>
public sealed record ShareEstimate(int N, double Share, double CiLow, double CiHigh);
