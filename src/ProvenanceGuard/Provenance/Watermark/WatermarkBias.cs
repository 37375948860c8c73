using ProvenanceGuard.Generation;

namespace ProvenanceGuard.Provenance.Watermark;

/// <summary>
/// Embeds the watermark in <see cref="WordNGramSampler"/>: a candidate that is one word or number token and
/// green after the previous word gets its weight multiplied by e^delta (delta added to its logit). The context
/// is the last word or number the sampler emitted, across sentence ends, because the detector reads the
/// detokenized running text where punctuation carries no id.
/// </summary>
public sealed class WatermarkBias(GreenList greenList) : ITokenBias
{
    private readonly double _boost = Math.Exp(greenList.Options.Delta);
    private readonly Dictionary<string, ulong?> _singleWordIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ulong?> _lastIds = new(StringComparer.Ordinal);

    public WatermarkBias(string key, WatermarkOptions options) : this(new GreenList(key, options)) { }

    public double Factor(ulong? context, string candidate)
    {
        if (context is null && greenList.UsesContext) return 1.0;
        if (Cached(_singleWordIds, candidate, WordIds.OfSingleWord) is not { } id) return 1.0;
        return greenList.IsGreen(context ?? 0, id) ? _boost : 1.0;
    }

    public ulong? Advance(ulong? context, string emitted) => Cached(_lastIds, emitted, WordIds.Last) ?? context;

    private static ulong? Cached(Dictionary<string, ulong?> cache, string word, Func<string, ulong?> compute)
    {
        if (!cache.TryGetValue(word, out var id)) cache[word] = id = compute(word);
        return id;
    }
}
