namespace ProvenanceGuard.Provenance.Watermark;

/// <summary>
/// One text's watermark test: <see cref="Scored"/> distinct (context, token) pairs, <see cref="Green"/> of them
/// green, z = (green - gamma*T) / sqrt(T*gamma*(1-gamma)), the one-sided p-value, and whether z reached the threshold.
/// </summary>
public sealed record WatermarkScore(int Tokens, int Scored, int Green, double Z, double PValue, bool IsHit);
