using System.Runtime.CompilerServices;
using ProvenanceGuard.Detection.Tokenization;

namespace ProvenanceGuard.Detection.Reference;

/// <summary>
/// A word trigram backoff model of human text held for scoring: the probabilities of a
/// <see cref="SphinxTrieLanguageModel"/> repacked into two open-addressing tables whose slots hold key and value in
/// one 64-bit word (word ids fit in 17 bits), so a lookup is one cache miss and the 3.7 M n-grams of the CMU
/// model take 64 MB. Immutable, so safe to share between threads.
/// </summary>
public sealed class TrigramReference
{
    /// <summary>Where Debian's package pocketsphinx-en-us puts the CMU US English trigram model.</summary>
    public const string DebianPath = "/usr/share/pocketsphinx/model/en-us/en-us.lm.bin";

    private const int WordBits = 17;
    // Slot layouts (key above, value below; key 0 never occurs because word ids are stored plus one):
    // bigram  = [34-bit key: context, word][15-bit log10 probability][15-bit log10 backoff]
    // trigram = [51-bit key: context, context, word][13-bit log10 probability]
    private const int BigramFieldBits = 15;
    private const ulong BigramFieldMask = (1UL << BigramFieldBits) - 1;
    private const int BigramValueBits = 2 * BigramFieldBits;
    private const int TrigramValueBits = 13;
    private const double ProbabilityStep = 1.0 / 512; // log10 units; 0.0045 nats, below the model's own quantisation
    private const double BackoffOffset = 16;
    private const int PrefetchDistance = 12; // words; at least 2, so a prefetched word's context is inside the sequence

    private static readonly double Ln10 = Math.Log(10);

    private readonly UInt64Map<int> _wordIndex; // word id + 1
    private readonly float[] _unigramLog10;
    private readonly float[] _unigramBackoff;
    private readonly PackedNgramTable _bigrams;
    private readonly PackedNgramTable _trigrams;

    private TrigramReference(UInt64Map<int> wordIndex, float[] unigramLog10, float[] unigramBackoff, PackedNgramTable bigrams, PackedNgramTable trigrams,
        string sourceDigest, string description)
    {
        _wordIndex = wordIndex;
        _unigramLog10 = unigramLog10;
        _unigramBackoff = unigramBackoff;
        _bigrams = bigrams;
        _trigrams = trigrams;
        SourceDigest = sourceDigest;
        Description = description;
    }

    /// <summary>SHA-256 of the model file it was built from: a detector records it and refuses another file.</summary>
    public string SourceDigest { get; }

    public string Description { get; }

    public static TrigramReference Load(string path)
    {
        var model = SphinxTrieLanguageModel.Load(path);
        if (model.Order != 3) throw new InvalidDataException($"{path}: a trigram model is needed; this one has order {model.Order}.");
        var vocabulary = model.Words.Count;
        if (vocabulary >= (1 << WordBits) - 1)
            throw new InvalidDataException($"{path}: {vocabulary} words do not fit the {WordBits}-bit word ids of the scoring tables.");
        using var stream = File.OpenRead(path);
        var digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));

        // Case-folded like every scored token; where two stored spellings fold together, the more probable one stands.
        var byHash = new Dictionary<ulong, int>(vocabulary);
        var unigramLog10 = new float[vocabulary];
        var unigramBackoff = new float[vocabulary];
        for (var w = 0; w < vocabulary; w++)
        {
            unigramLog10[w] = (float)model.UnigramLog10Prob(w);
            unigramBackoff[w] = (float)model.UnigramLog10Backoff(w);
            var word = model.Words[w];
            if (word.StartsWith('<') && word.EndsWith('>')) continue; // <s>, </s>, <unk>: no text token is one
            var hash = TokenHasher.Hash(word);
            if (!byHash.TryGetValue(hash, out var other) || unigramLog10[w] > unigramLog10[other]) byHash[hash] = w;
        }

        // The CMU file files a few trigrams under a neighbouring history (SphinxTrieLanguageModel.TrieCounts); should one
        // of them repeat an n-gram, the first stored stands.
        var bigrams = new PackedNgramTable(model.Counts[1], BigramValueBits);
        model.ForEachNgram(2, (words, log10Prob, log10Backoff) =>
            bigrams.Insert(BigramKey(words[0], words[1]),
                Quantize(-log10Prob, BigramFieldBits) << BigramFieldBits | Quantize(log10Backoff + BackoffOffset, BigramFieldBits)));
        var trigrams = new PackedNgramTable(model.Counts[2], TrigramValueBits);
        model.ForEachNgram(3, (words, log10Prob, _) => trigrams.Insert(TrigramKey(words[0], words[1], words[2]), Quantize(-log10Prob, TrigramValueBits)));

        var description = $"CMU Sphinx US English trigram model ({Path.GetFileName(path)}: {vocabulary} words, {model.Counts[1]} bigrams, {model.Counts[2]} trigrams)";
        // Stored one up, so an absent word reads as 0 (an empty slot's value): the lookup then stops at the word or an
        // empty slot with one test and takes no branch on whether the word is known (measured 1.013-1.014x scoring).
        var wordIndex = new UInt64Map<int>(byHash.ToDictionary(e => e.Key, e => e.Value + 1));
        return new TrigramReference(wordIndex, unigramLog10, unigramBackoff, bigrams, trigrams, digest, description);
    }

    /// <summary>The model's word id for a token id (<see cref="ReferenceLanguageModel.Identify"/>); -1 when the model does not know the word.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int WordOf(ulong tokenId) => _wordIndex.GetValueOrDefault(tokenId) - 1;

    /// <summary>Asks the processor to bring the token id's slot of the word table into cache; a hint only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PrefetchWord(ulong tokenId) => _wordIndex.Prefetch(tokenId);

    /// <summary>ln P(word), the unigram probability.</summary>
    public double UnigramLogProb(int word) => _unigramLog10[word] * Ln10;

    /// <summary>
    /// ln P(word | the two words before it), ARPA backoff, for each word of a sequence of word ids in which -1 marks
    /// a break (an unknown word or a number: no probability, and the context starts again after it); NaN at breaks.
    /// </summary>
    public void LogProbs(ReadOnlySpan<int> words, Span<double> logProbs)
    {
        // Two lookups per word, both fetched PrefetchDistance words ahead: the trigram, and the bigram of the word after
        // its predecessor, which gives this word's probability when the trigram is not stored and, as the context of
        // the next word, that word's backoff weight.
        var contextBackoff = 0.0; // log10 backoff of (previous, word) as the next word's context; 0 when not stored
        for (var i = 0; i < words.Length; i++)
        {
            if (i + PrefetchDistance < words.Length) Prefetch(words, i + PrefetchDistance);
            var word = words[i];
            var previous = i > 0 ? words[i - 1] : -1;
            var older = i > 1 && previous >= 0 ? words[i - 2] : -1;
            if (word < 0)
            {
                logProbs[i] = double.NaN;
                contextBackoff = 0;
                continue;
            }
            double log10;
            var bigramFound = false;
            ulong bigram = 0;
            if (previous >= 0) bigramFound = _bigrams.TryFind(BigramKey(previous, word), out bigram);
            if (older >= 0 && _trigrams.TryFind(TrigramKey(older, previous, word), out var trigram))
                log10 = -Dequantize(trigram);
            else
            {
                var backoff = older >= 0 ? contextBackoff : 0;
                log10 = previous < 0 ? _unigramLog10[word]
                    : bigramFound ? backoff - Dequantize(bigram >> BigramFieldBits)
                    : backoff + _unigramBackoff[previous] + _unigramLog10[word];
            }
            logProbs[i] = log10 * Ln10;
            contextBackoff = bigramFound ? Dequantize(bigram & BigramFieldMask) - BackoffOffset : 0;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Prefetch(ReadOnlySpan<int> words, int i)
    {
        int word = words[i], previous = words[i - 1], older = words[i - 2];
        if (word < 0 || previous < 0) return;
        _bigrams.Prefetch(BigramKey(previous, word));
        if (older >= 0) _trigrams.Prefetch(TrigramKey(older, previous, word));
    }

    private static ulong BigramKey(int previous, int word) => (ulong)(previous + 1) << WordBits | (ulong)(word + 1);

    private static ulong TrigramKey(int older, int previous, int word) =>
        ((ulong)(older + 1) << WordBits | (ulong)(previous + 1)) << WordBits | (ulong)(word + 1);

    private static ulong Quantize(double value, int bits) => (ulong)Math.Clamp(Math.Round(value / ProbabilityStep), 0, (1L << bits) - 1);

    private static double Dequantize(ulong value) => value * ProbabilityStep;
}
