namespace ProvenanceGuard.Generation;

/// <summary>
/// An optional reweighting of the sampler's candidates, such as a watermark. The bias owns its notion of
/// context: the sampler only carries the value <see cref="Advance"/> returns from one token to the next
/// (starting from null), so the generator needs no knowledge of how the bias reads text.
/// </summary>
public interface ITokenBias
{
    /// <summary>The factor (> 0) to multiply the candidate's sampling weight by, given the current context.</summary>
    double Factor(ulong? context, string candidate);

    /// <summary>The context after <paramref name="emitted"/> was produced.</summary>
    ulong? Advance(ulong? context, string emitted);
}
