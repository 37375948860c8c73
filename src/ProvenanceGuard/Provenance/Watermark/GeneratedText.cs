using ProvenanceGuard.Generation;

namespace ProvenanceGuard.Provenance.Watermark;

/// <summary>
/// Running text from the project's word n-gram generator, cut to an exact number of generated tokens, with or
/// without a watermark bias: what the demo's synthetic records look like, for tests and measurements.
/// </summary>
public sealed class GeneratedText(WordNGramModel model, SamplingOptions sampling, Random random, ITokenBias? bias = null)
{
    private readonly WordNGramSampler _sampler = new(model, sampling, random, bias);

    /// <summary>A text of exactly <paramref name="tokens"/> generated tokens (words and punctuation), detokenized.</summary>
    public string Next(int tokens) => Detokenizer.Join(NextTokens(tokens));

    /// <summary>Exactly <paramref name="tokens"/> generated tokens, before detokenizing.</summary>
    public List<string> NextTokens(int tokens) => _sampler.NextDocument(tokens).SelectMany(s => s).Take(tokens).ToList();
}
