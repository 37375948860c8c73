using System.Runtime.CompilerServices;
using ProvenanceGuard.Detection.Tokenization;

namespace ProvenanceGuard.Detection.Reference;

/// <summary>What the reference model says about one token in its context.</summary>
/// <param name="BigramLogProb">ln P(word | previous word), interpolated Kneser-Ney.</param>
/// <param name="UnigramLogProb">ln P(word), add-half smoothed.</param>
/// <param name="UnigramRank">1 = most frequent word of the reference; 0 = not in the reference.</param>
/// <param name="SuccessorRank">Rank of the word among the reference's successors of the previous word; 0 = bigram never seen.</param>
/// <param name="ContextEntropy">Expected surprisal (nats) of the next token after the previous word, under the model itself.</param>
/// <param name="ContextVariance">Variance of that surprisal: with the entropy, the analytic sampling curvature of Fast-DetectGPT.</param>
/// <param name="Tag">The word's most frequent Brown part-of-speech tag id; -1 when the reference has no tag for it.</param>
public readonly record struct TokenEvidence(double BigramLogProb, double UnigramLogProb, int UnigramRank, int SuccessorRank,
    double ContextEntropy, double ContextVariance, int Tag);

/// <summary>The reference model's entry for the token just read; carried forward as the next token's context so each token costs one word lookup.</summary>
public readonly struct ReferenceContext
{
    internal ReferenceContext(ulong id, bool known, ReferenceLanguageModel.WordEntry entry)
    {
        Id = id;
        Known = known;
        Entry = entry;
    }

    internal ulong Id { get; }
    internal bool Known { get; }
    internal ReferenceLanguageModel.WordEntry Entry { get; }
}

/// <summary>
/// Word bigram model of human text with interpolated Kneser-Ney smoothing, plus GLTR-style ranks
/// (global frequency rank, and rank among the observed successors of the previous word). Immutable
/// after construction and therefore safe to share between threads.
/// </summary>
public sealed class ReferenceLanguageModel
{
    /// <summary>All numbers share one identity: digits carry topic, not style.</summary>
    public static readonly ulong NumberToken = 0xC2B2AE3D27D4EB4FUL;

    private readonly UInt64Map<WordEntry> _words;
    private readonly UInt64Map<BigramEntry> _bigrams;
    private readonly double _discount;
    private readonly double _continuationTotal;
    private readonly double _tokenTotal;
    private readonly double _vocabularySize;
    private readonly (double Entropy, double Variance) _unseenContext;
    private readonly ReferenceContext _sentenceStart;
    private readonly double _unknownContinuation;
    private readonly double _unknownLogUnigram;

    private ReferenceLanguageModel(UInt64Map<WordEntry> words, UInt64Map<BigramEntry> bigrams,
        double discount, double continuationTotal, double tokenTotal, string corpusDigest, TagLexicon tags, (double, double) unseenContext)
    {
        _unseenContext = unseenContext;
        Tags = tags;
        _words = words;
        _bigrams = bigrams;
        _discount = discount;
        _continuationTotal = continuationTotal;
        _tokenTotal = tokenTotal;
        _vocabularySize = words.Count - 1; // the sentence-start entry is not a word
        CorpusDigest = corpusDigest;
        _sentenceStart = Context(TokenHasher.SentenceStart);
        _unknownContinuation = ContinuationProbability(0, continuationTotal, _vocabularySize);
        _unknownLogUnigram = Math.Log(UnigramProbability(0, tokenTotal, _vocabularySize));
    }

    // Unknown words keep a little continuation (and unigram) mass so the model never says "impossible".
    // Both are fixed per word, so each known word carries its own value and scoring skips one logarithm.
    private static double ContinuationProbability(int continuation, double continuationTotal, double vocabularySize) =>
        (continuation + 0.5) / (continuationTotal + 0.5 * (vocabularySize + 1));

    private static double UnigramProbability(int count, double tokenTotal, double vocabularySize) =>
        (count + 0.5) / (tokenTotal + 0.5 * (vocabularySize + 1));

    public string CorpusDigest { get; }
    public TagLexicon Tags { get; }
    public int VocabularySize => _words.Count - 1;
    public int BigramCount => _bigrams.Count;
    public long TokenCount => (long)_tokenTotal;
    public double Discount => _discount;

    /// <summary>The identity of a token as the model sees it (numbers collapse to one token).</summary>
    public static ulong Identify(Token token, ReadOnlySpan<char> text) => Identify(token.Kind, TokenHasher.Hash(token.In(text)));

    /// <summary>The id of a token of <paramref name="kind"/> whose <see cref="TokenHasher.Hash"/> is <paramref name="hash"/>.</summary>
    public static ulong Identify(TokenKind kind, ulong hash) => kind == TokenKind.Number ? NumberToken : hash;

    public static ReferenceLanguageModel Build(ReferenceCorpus corpus)
    {
        var unigram = new Dictionary<ulong, int>(80_000);
        var bigram = new Dictionary<(ulong Prev, ulong Word), int>(600_000);
        long tokens = 0;
        foreach (var sentence in corpus.Sentences)
        {
            var prev = TokenHasher.SentenceStart;
            var tokenizer = WordTokenizer.Tokenize(sentence);
            while (tokenizer.MoveNext())
            {
                var id = Identify(tokenizer.Current.Kind, tokenizer.CurrentHash);
                unigram[id] = unigram.GetValueOrDefault(id) + 1;
                bigram[(prev, id)] = bigram.GetValueOrDefault((prev, id)) + 1;
                prev = id;
                tokens++;
            }
        }

        var contextCount = new Dictionary<ulong, (int Count, int Distinct)>(unigram.Count + 1);
        var continuation = new Dictionary<ulong, int>(unigram.Count);
        int n1 = 0, n2 = 0;
        foreach (var ((prev, word), count) in bigram)
        {
            var c = contextCount.GetValueOrDefault(prev);
            contextCount[prev] = (c.Count + count, c.Distinct + 1);
            continuation[word] = continuation.GetValueOrDefault(word) + 1;
            if (count == 1) n1++; else if (count == 2) n2++;
        }
        var discount = n1 + 2.0 * n2 > 0 ? n1 / (n1 + 2.0 * n2) : 0.75;

        // Continuation distribution Pc over the vocabulary plus one unknown-word slot, and its log moments.
        double continuationDenominator = bigram.Count + 0.5 * (unigram.Count + 1);
        double ContinuationOf(ulong w) => (continuation.GetValueOrDefault(w) + 0.5) / continuationDenominator;
        double z = 0, s1 = 0, s2 = 0;
        foreach (var w in unigram.Keys.Append(0UL))
        {
            var pc = w == 0 ? 0.5 / continuationDenominator : ContinuationOf(w);
            var l = Math.Log(pc);
            z += pc; s1 += pc * l; s2 += pc * l * l;
        }
        var moments = new Dictionary<ulong, (double Entropy, double Variance)>(contextCount.Count);
        foreach (var group in bigram.GroupBy(p => p.Key.Prev))
        {
            var (count, distinct) = contextCount[group.Key];
            var lambda = discount * distinct / count;
            var logLambda = Math.Log(lambda);
            double mean = 0, second = 0, seenZ = 0, seenS1 = 0, seenS2 = 0;
            foreach (var ((_, w), n) in group)
            {
                var pc = ContinuationOf(w);
                var p = Math.Max(n - discount, 0) / count + lambda * pc;
                var lp = Math.Log(p);
                mean += p * lp; second += p * lp * lp;
                var lpc = Math.Log(pc);
                seenZ += pc; seenS1 += pc * lpc; seenS2 += pc * lpc * lpc;
            }
            double zu = z - seenZ, s1u = s1 - seenS1, s2u = s2 - seenS2;
            mean += lambda * (logLambda * zu + s1u);
            second += lambda * (logLambda * logLambda * zu + 2 * logLambda * s1u + s2u);
            moments[group.Key] = (-mean, Math.Max(0, second - mean * mean));
        }
        (double Entropy, double Variance) unseenContext = (-s1, Math.Max(0, s2 - s1 * s1));

        var ranked = unigram.OrderByDescending(p => p.Value).ThenBy(p => p.Key).Select((p, i) => (p.Key, Rank: i + 1));
        var words = new Dictionary<ulong, WordEntry>(unigram.Count + 1);
        foreach (var (id, rank) in ranked)
        {
            var ctx = contextCount.GetValueOrDefault(id);
            var m = moments.GetValueOrDefault(id, unseenContext);
            words[id] = new WordEntry(rank, ctx.Count, ctx.Distinct, corpus.Tags.TryGetTag(id, out var tag) ? tag : -1, m.Entropy, m.Variance,
                ContinuationProbability(continuation.GetValueOrDefault(id), bigram.Count, unigram.Count),
                Math.Log(UnigramProbability(unigram[id], tokens, unigram.Count)));
        }
        var start = contextCount.GetValueOrDefault(TokenHasher.SentenceStart);
        var startMoments = moments.GetValueOrDefault(TokenHasher.SentenceStart, unseenContext);
        words[TokenHasher.SentenceStart] = new WordEntry(0, start.Count, start.Distinct, -1, startMoments.Entropy, startMoments.Variance,
            ContinuationProbability(0, bigram.Count, unigram.Count), Math.Log(UnigramProbability(0, tokens, unigram.Count)));

        var bigrams = new Dictionary<ulong, BigramEntry>(bigram.Count);
        foreach (var group in bigram.GroupBy(p => p.Key.Prev))
        {
            var rank = 0;
            foreach (var ((prev, word), count) in group.OrderByDescending(p => p.Value).ThenBy(p => p.Key.Word))
                bigrams[TokenHasher.Combine(prev, word)] = new BigramEntry(count, ++rank);
        }
        return new ReferenceLanguageModel(new UInt64Map<WordEntry>(words), new UInt64Map<BigramEntry>(bigrams), discount,
            bigram.Count, tokens, corpus.Digest, corpus.Tags, unseenContext);
    }

    /// <summary>Evidence for <paramref name="word"/> after <paramref name="previous"/> (convenience form of <see cref="Next"/>).</summary>
    public TokenEvidence Evidence(ulong previous, ulong word)
    {
        var context = Context(previous);
        return Next(ref context, word);
    }

    /// <summary>The context of a sentence's first token.</summary>
    public ReferenceContext SentenceStart => _sentenceStart;

    public ReferenceContext Context(ulong previous) => new(previous, _words.TryGetValue(previous, out var entry), entry);

    /// <summary>The key of <paramref name="word"/> after <paramref name="previous"/> (a word, or <see cref="TokenHasher.SentenceStart"/>) in the bigram table.</summary>
    public static ulong BigramKey(ulong previous, ulong word) => TokenHasher.Combine(previous, word);

    /// <summary>
    /// Hints the processor to fetch what <see cref="Next(ref ReferenceContext, ulong, ulong)"/> will read for
    /// <paramref name="word"/> with bigram key <paramref name="bigramKey"/>: the two tables are far larger than the
    /// caches, so a scan that asks a few tokens ahead overlaps those misses instead of waiting for each in turn.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(ulong word, ulong bigramKey)
    {
        _words.Prefetch(word);
        _bigrams.Prefetch(bigramKey);
    }

    /// <summary>Evidence for <paramref name="word"/> in <paramref name="context"/>; then moves the context onto the word.</summary>
    public TokenEvidence Next(ref ReferenceContext context, ulong word) => Next(ref context, word, BigramKey(context.Id, word));

    /// <summary>
    /// <see cref="Next(ref ReferenceContext, ulong)"/> for a caller that already holds
    /// <see cref="BigramKey"/>(context's word, <paramref name="word"/>): it hashes each pair once for several uses.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TokenEvidence Next(ref ReferenceContext context, ulong word, ulong bigramKey)
    {
        var e = NextBeforeLogarithm(ref context, word, bigramKey);
        return new TokenEvidence(Math.Log(e.BigramProbability), e.UnigramLogProb, e.UnigramRank, e.SuccessorRank, e.ContextEntropy, e.ContextVariance, e.Tag);
    }

    /// <summary>
    /// <see cref="Next(ref ReferenceContext, ulong, ulong)"/> with P(word | previous word) not yet turned into a logarithm:
    /// a loop that calls no function keeps its running sums in registers (a call clobbers every vector register), so a
    /// featurizer reads the whole text first and takes the logarithms in a loop of their own.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal UnloggedEvidence NextBeforeLogarithm(ref ReferenceContext context, ulong word, ulong bigramKey)
    {
        var known = _words.TryGetValue(word, out var w);
        var continuation = known ? w.Continuation : _unknownContinuation;
        var logUnigram = known ? w.LogUnigram : _unknownLogUnigram;

        double p;
        var successorRank = 0;
        var (entropy, variance) = _unseenContext;
        var ctx = context.Entry;
        if (context.Known && ctx.ContextCount > 0)
        {
            entropy = ctx.Entropy;
            variance = ctx.Variance;
            // Absent pairs read as count 0 and rank 0 (an empty slot's value): whether a pair was seen is
            // unpredictable, so the lookup has no found/not-found branch.
            var pair = _bigrams.GetValueOrDefault(bigramKey);
            var pairCount = pair.Count;
            successorRank = pair.Rank;
            var c = (double)ctx.ContextCount;
            p = Math.Max(pairCount - _discount, 0) / c + _discount * ctx.Distinct / c * continuation;
        }
        else
        {
            p = continuation;
        }
        context = new ReferenceContext(word, known, w);
        return new UnloggedEvidence(p, logUnigram, known ? w.Rank : 0, successorRank, entropy, variance, known ? w.Tag : -1);
    }

    /// <summary><see cref="TokenEvidence"/> with the bigram probability itself instead of its logarithm.</summary>
    internal readonly record struct UnloggedEvidence(double BigramProbability, double UnigramLogProb, int UnigramRank, int SuccessorRank,
        double ContextEntropy, double ContextVariance, int Tag);

    /// <param name="Continuation">Kneser-Ney continuation probability of the word.</param>
    /// <param name="LogUnigram">ln of the add-half smoothed unigram probability.</param>
    internal readonly record struct WordEntry(int Rank, int ContextCount, int Distinct, int Tag, double Entropy, double Variance,
        double Continuation, double LogUnigram);
    private readonly record struct BigramEntry(int Count, int Rank);
}
