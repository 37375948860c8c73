namespace ProvenanceGuard.Detection.Features;

/// <summary>What the featurizer extracts. Saved in the model so scoring extracts exactly what training saw.</summary>
/// <param name="HashBits">Sparse feature space is 2^HashBits buckets.</param>
/// <param name="WordUnigrams">Hashed lower-cased word (and punctuation) unigrams.</param>
/// <param name="WordBigrams">Hashed word bigrams.</param>
/// <param name="CharNgramMin">Smallest character n-gram (0 disables character n-grams).</param>
/// <param name="CharNgramMax">Largest character n-gram (at most 5).</param>
/// <param name="SyntaxNgramMax">Longest hashed n-gram over the topic-masked stream (function words and punctuation kept, other words replaced by their part-of-speech tag); 0 disables.</param>
/// <param name="MinWords">Texts with fewer words are flagged too short instead of scored.</param>
/// <param name="SkipOpeningTokens">Tokens at the start of a text that no feature looks at (as many as leave
/// <paramref name="MinWords"/> words to judge). Machine text is often a continuation of a human opening
/// (a prompt); judging only what follows keeps that human opening from diluting the evidence.</param>
public sealed record FeatureOptions(
    int HashBits = 18,
    bool WordUnigrams = true,
    bool WordBigrams = true,
    int CharNgramMin = 4,
    int CharNgramMax = 4,
    int MinWords = 30,
    int SyntaxNgramMax = 3,
    int SkipOpeningTokens = 0)
{
    public int SparseSize => 1 << HashBits;

    public void Validate()
    {
        if (HashBits is < 10 or > 24) throw new ArgumentOutOfRangeException(nameof(HashBits), HashBits, "HashBits must be within 10..24.");
        if (CharNgramMin < 0 || CharNgramMax > 5 || (CharNgramMin > 0 && CharNgramMin > CharNgramMax))
            throw new ArgumentOutOfRangeException(nameof(CharNgramMin), "Character n-gram range must satisfy 1 <= min <= max <= 5 (or min = 0 to disable).");
        if (SyntaxNgramMax is < 0 or > 4) throw new ArgumentOutOfRangeException(nameof(SyntaxNgramMax), SyntaxNgramMax, "SyntaxNgramMax must be within 0..4.");
        if (SkipOpeningTokens is < 0 or > 10_000) throw new ArgumentOutOfRangeException(nameof(SkipOpeningTokens), SkipOpeningTokens, "SkipOpeningTokens must be within 0..10000.");
        if (MinWords < 1) throw new ArgumentOutOfRangeException(nameof(MinWords), MinWords, "MinWords must be positive.");
    }
}
