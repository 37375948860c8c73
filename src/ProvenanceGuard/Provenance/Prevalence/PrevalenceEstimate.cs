namespace ProvenanceGuard.Provenance.Prevalence;

/// <summary>
/// The estimated synthetic share of <see cref="N"/> records of which <see cref="Flagged"/> were flagged: the
/// corrected point estimate <see cref="Share"/> and its confidence interval [<see cref="CiLow"/>, <see cref="CiHigh"/>].
/// </summary>
public sealed record PrevalenceEstimate(int N, int Flagged, double ApparentShare, double Share, double CiLow, double CiHigh);
