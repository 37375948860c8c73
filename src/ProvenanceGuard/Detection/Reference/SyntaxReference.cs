using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ProvenanceGuard.Detection.Features;
using ProvenanceGuard.Detection.Tokenization;

namespace ProvenanceGuard.Detection.Reference;

/// <summary>
/// A 4-gram model of how human text is built, topic masked: interpolated Kneser-Ney over the reference corpus's
/// <see cref="SyntaxSymbols"/> stream (function words, punctuation and part-of-speech tags). Its few hundred symbols
/// make 4-grams well counted from the Brown Corpus, which word 4-grams are not. Stored in backoff form (each seen
/// n-gram's interpolated probability, each seen history's backoff weight) in tables of packed 64-bit slots, one per
/// order: a symbol costs two probes per order it backs off through, and the 4-gram table's can be prefetched.
/// </summary>
public sealed class SyntaxReference
{
    public const int Order = 4;
    private const int SymbolBits = 9;
    private const ulong SymbolMask = (1UL << SymbolBits) - 1;
    private const int MaxSymbols = (1 << SymbolBits) - 2; // index 0 is the unknown symbol, 1 the sentence start
    private const int ValueBits = 64 - (1 + Order * SymbolBits + 1); // a leading 1, four symbols, the history flag

    /// <summary>The index of the padding symbol that stands before a sentence's first token.</summary>
    public const int SentenceStart = 1;

    private readonly UInt64Map<int> _indexOf;  // symbol -> index
    private readonly PackedNgramTable[] _tables; // by order k: packed k-gram -> -ln P, interpolated; packed (k-1)-symbol history -> -ln backoff weight
    private readonly float[] _unigramSurprisals; // by index -> -ln P from continuation counts

    private SyntaxReference(UInt64Map<int> indexOf, PackedNgramTable[] tables, float[] unigramSurprisals, int ngrams)
    {
        _indexOf = indexOf;
        _tables = tables;
        _unigramSurprisals = unigramSurprisals;
        NgramCount = ngrams;
    }

    /// <summary>Symbols with an index of their own (the unknown symbol and the sentence start not counted).</summary>
    public int SymbolCount => _unigramSurprisals.Length - 2;
    public int NgramCount { get; }

    /// <summary>Builds the model from the reference corpus's sentences, tagged with its own lexicon.</summary>
    public static SyntaxReference Build(ReferenceCorpus corpus)
    {
        var sentences = new List<ulong[]>(corpus.Sentences.Count);
        var frequency = new Dictionary<ulong, int>();
        var symbols = new List<ulong>();
        foreach (var sentence in corpus.Sentences)
        {
            symbols.Clear();
            var tokenizer = WordTokenizer.Tokenize(sentence);
            while (tokenizer.MoveNext())
            {
                var token = tokenizer.Current;
                var id = ReferenceLanguageModel.Identify(token.Kind, tokenizer.CurrentHash);
                var symbol = SyntaxSymbols.Of(token.Kind, id, corpus.Tags.TryGetTag(id, out var tag) ? tag : -1, corpus.Tags, token.In(sentence));
                CollectionsMarshal.GetValueRefOrAddDefault(frequency, symbol, out _)++;
                symbols.Add(symbol);
            }
            if (symbols.Count > 0) sentences.Add([.. symbols]);
        }
        // The most frequent symbols get indices; a rarer one (a stray character in an extra reference file) is unknown.
        var indexOf = frequency.OrderByDescending(p => p.Value).ThenBy(p => p.Key).Take(MaxSymbols)
            .Select((p, i) => KeyValuePair.Create(p.Key, i + 2)).ToDictionary();
        var vocabulary = indexOf.Count + 2;

        // Counts per order over sentences padded with Order - 1 starts; every shorter n-gram is then the suffix of a
        // longer one at the same position, so the lower orders' Kneser-Ney continuation counts are never empty.
        var counts = new Dictionary<ulong, int>[Order + 1];
        for (var k = 1; k <= Order; k++) counts[k] = [];
        foreach (var sentence in sentences)
        {
            var key = Pack(SentenceStart, SentenceStart, SentenceStart, SentenceStart);
            foreach (var symbol in sentence)
            {
                key = Shift(key, indexOf.GetValueOrDefault(symbol));
                CollectionsMarshal.GetValueRefOrAddDefault(counts[Order], key, out _)++;
            }
        }
        for (var k = Order - 1; k >= 1; k--)
            foreach (var key in counts[k + 1].Keys)
                CollectionsMarshal.GetValueRefOrAddDefault(counts[k], DropFirst(key, k + 1), out _)++;

        var continuationTotal = counts[1].Values.Sum();
        var unigram = new float[vocabulary];
        for (var s = 0; s < vocabulary; s++)
            unigram[s] = s == SentenceStart ? float.PositiveInfinity
                : (float)-Math.Log((counts[1].GetValueOrDefault(1UL << SymbolBits | (uint)s) + 0.5) / (continuationTotal + 0.5 * (vocabulary - 1)));

        var histories = new Dictionary<ulong, (int Total, int Distinct)>[Order + 1];
        for (var k = 2; k <= Order; k++)
        {
            histories[k] = [];
            foreach (var (key, count) in counts[k])
            {
                ref var totals = ref CollectionsMarshal.GetValueRefOrAddDefault(histories[k], key >> SymbolBits, out _);
                totals = (totals.Total + count, totals.Distinct + 1);
            }
        }

        // Each order is computed from the lower ones, which are complete by then, so the model over the table so far
        // scores them exactly.
        var ngrams = Enumerable.Range(2, Order - 1).Sum(k => counts[k].Count);
        var tables = new PackedNgramTable[Order + 1];
        for (var k = 2; k <= Order; k++) tables[k] = new PackedNgramTable(counts[k].Count + histories[k].Count, ValueBits);
        var model = new SyntaxReference(new UInt64Map<int>(indexOf), tables, unigram, ngrams);
        for (var k = 2; k <= Order; k++)
        {
            var (n1, n2) = (counts[k].Values.Count(c => c == 1), counts[k].Values.Count(c => c == 2));
            var discount = n1 + 2.0 * n2 > 0 ? n1 / (n1 + 2.0 * n2) : 0.75;
            var surprisals = counts[k].Select(p =>
            {
                var (total, distinct) = histories[k][p.Key >> SymbolBits];
                var lower = Math.Exp(-model.Surprisal(DropFirst(p.Key, k), k - 1));
                return (p.Key, Value: -Math.Log(Math.Max(p.Value - discount, 0) / total + discount * distinct / total * lower));
            }).ToList();
            foreach (var (key, value) in surprisals) tables[k].Insert(key << 1, Encode(value));
            foreach (var (history, (total, distinct)) in histories[k]) tables[k].Insert(history << 1 | 1, Encode(-Math.Log(discount * distinct / total)));
        }
        return model;
    }

    /// <summary>The index of a symbol (see <see cref="SyntaxSymbols"/>); 0 when the reference never saw it.</summary>
    public int IndexOf(ulong symbol) => _indexOf.GetValueOrDefault(symbol);

    /// <summary>The key of a 4-gram of indices: what <see cref="Surprisal(ulong)"/> and <see cref="Prefetch"/> take.</summary>
    public static ulong Pack(int first, int second, int third, int symbol) =>
        1UL << (Order * SymbolBits) | (ulong)(uint)first << (3 * SymbolBits) | (ulong)(uint)second << (2 * SymbolBits) | (ulong)(uint)third << SymbolBits | (uint)symbol;

    /// <summary>The key of the 4-gram that follows <paramref name="key"/>'s last three symbols with <paramref name="symbol"/>.</summary>
    public static ulong Shift(ulong key, int symbol) =>
        1UL << (Order * SymbolBits) | (key << SymbolBits | (uint)symbol) & ((1UL << (Order * SymbolBits)) - 1);

    /// <summary>The index of a packed 4-gram's last symbol.</summary>
    public static int LastSymbol(ulong key) => (int)(key & SymbolMask);

    /// <summary>-ln P(symbol | the three before it), every argument an index; <see cref="SentenceStart"/> pads a sentence's opening.</summary>
    public double Surprisal(int first, int second, int third, int symbol) => Surprisal(Pack(first, second, third, symbol));

    /// <summary>-ln P(last symbol | the three before it) of a packed 4-gram.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Surprisal(ulong key) => Surprisal(key, Order);

    /// <summary>-ln P(symbol), ignoring context: its Kneser-Ney continuation probability.</summary>
    public double UnigramSurprisal(int symbol) => _unigramSurprisals[symbol];

    /// <summary>Asks the processor to bring what <see cref="Surprisal(ulong)"/> may read into cache: the n-gram and its history at every order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(ulong key)
    {
        for (var k = Order; k >= 2; k--)
        {
            _tables[k].Prefetch(key << 1);
            _tables[k].Prefetch(key >> SymbolBits << 1 | 1);
            key = DropFirst(key, k);
        }
    }

    private double Surprisal(ulong key, int length)
    {
        var backoff = 0.0;
        for (var k = length; k >= 2; k--)
        {
            var table = _tables[k];
            if (table.TryFind(key << 1, out var stored)) return backoff + Decode(stored);
            table.TryFind(key >> SymbolBits << 1 | 1, out var weight); // an unseen history backs off with weight 1: 0 nats
            backoff += Decode(weight);
            key = DropFirst(key, k);
        }
        return backoff + _unigramSurprisals[(int)(key & SymbolMask)];
    }

    // Values are non-negative nats kept as a float without its sign bit and lowest 5 mantissa bits: relative error
    // under 4e-6, and they fit beside a 38-bit key.
    private static ulong Encode(double nats) => (ulong)(uint)BitConverter.SingleToInt32Bits((float)Math.Max(nats, 0)) >> 5;

    private static double Decode(ulong stored) => BitConverter.Int32BitsToSingle((int)(stored << 5));

    private static ulong DropFirst(ulong key, int length)
    {
        var bits = SymbolBits * (length - 1);
        return 1UL << bits | key & ((1UL << bits) - 1);
    }
}
