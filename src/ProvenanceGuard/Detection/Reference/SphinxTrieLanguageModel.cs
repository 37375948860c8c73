using System.Buffers.Binary;
using System.Text;

namespace ProvenanceGuard.Detection.Reference;

/// <summary>Receives one n-gram: its words oldest first (valid only during the call), log10 probability and log10 backoff (0 at the top order).</summary>
public delegate void NgramVisitor(ReadOnlySpan<int> words, float log10Prob, float log10Backoff);

/// <summary>
/// A word n-gram backoff language model read from a CMU Sphinx trie binary (.lm.bin, "Trie Language Model",
/// as written by sphinxbase 5prealpha, e.g. Debian's pocketsphinx-en-us); every value converted to log10.
/// Immutable after loading and therefore safe to share between threads.
/// </summary>
/// <remarks>
/// <para>Layout, all little-endian: the 19 header bytes; the order (one byte); one uint32 n-gram count per order;
/// when the order exceeds 1, an ignored int32 and the quantisation tables (float32 bin centres, 2^16 per table:
/// probability then backoff for each middle order, then the top order's probability); the unigrams, counts[0] + 1
/// records of (float32 probability, float32 backoff, uint32 index of their first bigram entry), the last a sentinel;
/// one bit-packed array per order above 1; the words, an int32 byte length then NUL-terminated strings in id order.</para>
/// <para>The trie is reversed: a unigram w owns a range of bigram entries, each naming one preceding word h and owning
/// in turn a range of trigram entries, each naming the word before h. Entries of a middle order are
/// [word id | backoff bin (16) | probability bin (16) | index of first child], the top order's [word id | probability bin (16)];
/// word ids take ceil(log2(counts[0] + 1)) bits, child indexes enough bits for the next order's count. The child range
/// of entry e ends where entry e + 1's begins; one record past the last entry holds the final end.</para>
/// <para>Sphinx stores natural-log-like "logmath" values in base 1.0001 (the unigrams sum to 1 only in that base),
/// so log10 = value * log10(1.0001). Precision: the bigram and trigram probabilities and backoffs were already
/// quantised by Sphinx into 65,536 equal-population bins when the file was built (the original ARPA values are
/// not recoverable; this reader returns exactly the bin centres Sphinx itself scores with). Converting to a float32
/// log10 adds a relative error below 1e-7 (under 1e-6 absolute for any probability above 10^-10).</para>
/// <para>When Sphinx built a trie from an ARPA file whose trigram "a b c" had no bigram "b c", it inserted a
/// "blank" bigram entry for "b c" (probability P(c) + backoff(b), backoff 0) so the trigram is reachable; the
/// header's bigram count includes those blanks. Its count of blanks can exceed the entries it inserted (the
/// counting pass and the insertion pass disagree when the stale history word of the previous unigram happens to
/// equal the missing one); the trigrams below such a missing blank were then filed under the previous word's last
/// bigram. <see cref="TrieCounts"/> gives the entries actually present, <see cref="Counts"/> the header.</para>
/// </remarks>
public sealed class SphinxTrieLanguageModel
{
    /// <summary>The file's opening bytes (no terminator).</summary>
    public const string Header = "Trie Language Model";

    private const int MaxOrder = 5; // sphinxbase's NGRAM_MAX_ORDER
    private const int QuantBits = 16; // per probability and per backoff bin index
    private const int QuantBins = 1 << QuantBits;
    private const int UnigramRecordBytes = 12;
    private const int SectionSlackBytes = 8; // Sphinx pads each packed array so 64-bit reads never run off its end

    /// <summary>log10 of the logmath base 1.0001 that the stored values are expressed in.</summary>
    private static readonly double Log10OfLogBase = Math.Log10(1.0001);

    private readonly int[] _counts;
    private readonly int[] _trieCounts;
    private readonly string[] _words;
    private readonly Dictionary<string, int> _ids;
    private readonly float[] _unigramProb;
    private readonly float[] _unigramBackoff;
    private readonly uint[] _unigramNext; // counts[0] + 1: the range of unigram w is [_unigramNext[w], _unigramNext[w + 1])
    private readonly Middle[] _middles; // orders 2 .. Order - 1
    private readonly Longest? _longest; // the top order, when Order > 1

    private SphinxTrieLanguageModel(int[] counts, int[] trieCounts, string[] words, Dictionary<string, int> ids,
        float[] unigramProb, float[] unigramBackoff, uint[] unigramNext, Middle[] middles, Longest? longest)
    {
        _counts = counts;
        _trieCounts = trieCounts;
        _words = words;
        _ids = ids;
        _unigramProb = unigramProb;
        _unigramBackoff = unigramBackoff;
        _unigramNext = unigramNext;
        _middles = middles;
        _longest = longest;
    }

    /// <summary>The longest n-gram order.</summary>
    public int Order => _counts.Length;

    /// <summary>The n-gram count per order as the file's header states it (order n at index n - 1; blanks included).</summary>
    public IReadOnlyList<int> Counts => _counts;

    /// <summary>The entries actually present in the trie per order, which <see cref="ForEachNgram"/> visits; at most <see cref="Counts"/>.</summary>
    public IReadOnlyList<int> TrieCounts => _trieCounts;

    /// <summary>Word id to word, as stored (Sphinx's en-us model: lower case, with &lt;s&gt; and &lt;/s&gt;).</summary>
    public IReadOnlyList<string> Words => _words;

    /// <summary>The id of <paramref name="word"/> (exact, ordinal match), or -1 when the model lacks it.</summary>
    public int WordId(string word) => _ids.TryGetValue(word, out var id) ? id : -1;

    /// <summary>log10 P(word).</summary>
    public double UnigramLog10Prob(int word) => _unigramProb[CheckWord(word)];

    /// <summary>log10 of the backoff weight of the one-word history <paramref name="word"/>.</summary>
    public double UnigramLog10Backoff(int word) => _unigramBackoff[CheckWord(word)];

    /// <summary>
    /// Visits every n-gram of one order (2..Order), words oldest first, with its log10 probability and
    /// (below the top order) log10 backoff (0 at the top order); <see cref="TrieCounts"/>[order - 1] calls,
    /// grouped by last word in id order.
    /// </summary>
    public void ForEachNgram(int order, NgramVisitor visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        if (order < 2 || order > Order)
            throw new ArgumentOutOfRangeException(nameof(order), order, $"this model has n-grams of orders 2..{Order}");
        var words = new int[order];
        for (var w = 0; w < _words.Length; w++)
        {
            words[order - 1] = w;
            Visit(0, _unigramNext[w], _unigramNext[w + 1], words, visitor);
        }
    }

    // depth = history words already placed; the entries in [begin, end) supply the word at position order - 2 - depth.
    private void Visit(int depth, uint begin, uint end, int[] words, NgramVisitor visitor)
    {
        var position = words.Length - 2 - depth;
        if (depth == _middles.Length)
        {
            var longest = _longest!;
            for (var e = begin; e < end; e++)
            {
                words[0] = longest.Word(e);
                visitor(words, longest.Prob(e), 0f);
            }
            return;
        }
        var middle = _middles[depth];
        for (var e = begin; e < end; e++)
        {
            words[position] = middle.Word(e);
            if (position == 0) visitor(words, middle.Prob(e), middle.Backoff(e));
            else Visit(depth + 1, middle.Next(e), middle.Next(e + 1), words, visitor);
        }
    }

    /// <summary>
    /// Standard ARPA backoff probability of words[^1] given the preceding words (oldest first), log10: the
    /// probability of the longest stored n-gram ending in the word, plus the backoff weights of the longer
    /// histories that are stored. At most Order - 1 history words are used; a negative id (an unknown word)
    /// in the history cuts it there, as Sphinx does. Computed from the trie directly, with Sphinx's own
    /// interpolation search, so it agrees with Sphinx's raw score to its rounding.
    /// </summary>
    public double Log10Prob(ReadOnlySpan<int> words)
    {
        if (words.IsEmpty) throw new ArgumentException("needs at least the word to score", nameof(words));
        var word = CheckWord(words[^1]);
        Span<int> history = stackalloc int[MaxOrder - 1]; // most recent first
        var n = 0;
        for (var i = words.Length - 2; i >= 0 && n < Order - 1; i--)
        {
            if (words[i] < 0) break;
            history[n++] = CheckWord(words[i]);
        }

        double prob = _unigramProb[word];
        var matched = 0; // history words the probability's n-gram used
        uint begin = _unigramNext[word], end = _unigramNext[word + 1];
        for (var i = 0; i < n && begin < end; i++)
        {
            if (i < _middles.Length)
            {
                var middle = _middles[i];
                if (!middle.Find(begin, end, history[i], out var e)) break;
                prob = middle.Prob(e);
                begin = middle.Next(e);
                end = middle.Next(e + 1);
                matched = i + 1;
            }
            else
            {
                if (_longest!.Find(begin, end, history[i], out var e))
                {
                    prob = _longest.Prob(e);
                    matched = i + 1;
                }
                break;
            }
        }
        if (matched == n) return prob;

        // Back off through every stored history longer than the one matched: h0, then h1 h0, ...
        if (matched == 0) prob += _unigramBackoff[history[0]];
        begin = _unigramNext[history[0]];
        end = _unigramNext[history[0] + 1];
        for (var k = 1; k < n; k++)
        {
            var middle = _middles[k - 1];
            if (!middle.Find(begin, end, history[k], out var e)) break;
            if (k >= matched) prob += middle.Backoff(e);
            begin = middle.Next(e);
            end = middle.Next(e + 1);
        }
        return prob;
    }

    private int CheckWord(int word)
    {
        if ((uint)word >= (uint)_words.Length)
            throw new ArgumentOutOfRangeException(nameof(word), word, $"word ids run from 0 to {_words.Length - 1}");
        return word;
    }

    /// <summary>Reads the whole file into managed arrays (the packed n-gram arrays stay packed, about 25 MB for en-us).</summary>
    /// <exception cref="InvalidDataException">The file is not a Sphinx trie model, is truncated or inconsistent; the message names the file and byte offset.</exception>
    public static SphinxTrieLanguageModel Load(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var reader = new SectionReader(stream, path);

        var header = reader.Bytes(Header.Length, "header");
        if (!header.AsSpan().SequenceEqual(Encoding.ASCII.GetBytes(Header)))
            throw reader.Invalid(0, $"not a Sphinx trie language model: header \"{Printable(header)}\", expected \"{Header}\"");

        var orderOffset = reader.Position;
        int order = reader.Bytes(1, "order")[0];
        if (order < 1 || order > MaxOrder) throw reader.Invalid(orderOffset, $"order {order} outside 1..{MaxOrder}");
        var counts = new int[order];
        for (var i = 0; i < order; i++)
        {
            var at = reader.Position;
            var count = BinaryPrimitives.ReadUInt32LittleEndian(reader.Bytes(4, $"{i + 1}-gram count"));
            if (count == 0 || count > 1u << 25) // Sphinx's bit packing stops at 2^25 entries and word ids
                throw reader.Invalid(at, $"{i + 1}-gram count {count} outside 1..{1 << 25}");
            counts[i] = (int)count;
        }

        float[][] tables = [];
        if (order > 1)
        {
            reader.Bytes(4, "quantiser type"); // written as 0 or 1 by different versions; Sphinx ignores it
            tables = new float[2 * (order - 2) + 1][];
            for (var t = 0; t < tables.Length; t++) tables[t] = reader.LogFloats(QuantBins, "quantisation table");
        }

        var vocabulary = counts[0];
        var unigramOffset = reader.Position;
        var unigramBytes = reader.Bytes(checked((vocabulary + 1) * UnigramRecordBytes), "unigrams");
        var unigramProb = new float[vocabulary];
        var unigramBackoff = new float[vocabulary];
        var unigramNext = new uint[vocabulary + 1];
        for (var w = 0; w <= vocabulary; w++)
        {
            var record = unigramBytes.AsSpan(w * UnigramRecordBytes, UnigramRecordBytes);
            unigramNext[w] = BinaryPrimitives.ReadUInt32LittleEndian(record[8..]);
            if (w == vocabulary) break;
            unigramProb[w] = ToLog10(BinaryPrimitives.ReadSingleLittleEndian(record));
            unigramBackoff[w] = ToLog10(BinaryPrimitives.ReadSingleLittleEndian(record[4..]));
        }
        var trieCounts = new int[order];
        trieCounts[0] = vocabulary;
        if (order > 1)
            trieCounts[1] = CheckRanges(reader, unigramNext, unigramOffset, UnigramRecordBytes * 8, 8 * 8, counts[1], "unigram", "2-gram");

        var wordBits = BitPackedArray.RequiredBits((uint)vocabulary);
        var middles = new Middle[Math.Max(0, order - 2)];
        Longest? longest = null;
        for (var level = 0; level < order - 1; level++)
        {
            var n = level + 2; // the order of this array's entries
            var top = n == order;
            var nextBits = top ? 0 : BitPackedArray.RequiredBits((uint)counts[n]);
            var recordBits = wordBits + QuantBits + (top ? 0 : QuantBits + nextBits);
            var size = ((1L + counts[n - 1]) * recordBits + 7) / 8 + SectionSlackBytes; // one record more than the header count, for the final end
            var offset = reader.Position;
            var bits = new BitPackedArray(reader.Bytes(checked((int)size), $"{n}-gram array"), recordBits);
            var entries = trieCounts[n - 1];
            if (top)
            {
                longest = new Longest(bits, wordBits, vocabulary, tables[^1]);
                CheckWords(reader, offset, recordBits, entries, e => longest.Word(e), vocabulary, n);
            }
            else
            {
                var middle = new Middle(bits, wordBits, nextBits, vocabulary, tables[2 * level], tables[2 * level + 1]);
                middles[level] = middle;
                CheckWords(reader, offset, recordBits, entries, e => middle.Word(e), vocabulary, n);
                var next = new uint[entries + 1];
                for (var e = 0; e <= entries; e++) next[e] = middle.Next((uint)e);
                trieCounts[n] = CheckRanges(reader, next, offset, recordBits, recordBits - nextBits, counts[n], $"{n}-gram", $"{n + 1}-gram");
            }
        }

        var stringsOffset = reader.Position;
        var length = BinaryPrimitives.ReadInt32LittleEndian(reader.Bytes(4, "word strings length"));
        if (length < 0 || length != reader.Length - reader.Position)
            throw reader.Invalid(stringsOffset, $"word strings length {length}, but {reader.Length - reader.Position} bytes follow (truncated or trailing data)");
        var strings = reader.Bytes(length, "word strings");
        var words = new string[vocabulary];
        var ids = new Dictionary<string, int>(vocabulary, StringComparer.Ordinal);
        var start = 0;
        for (var w = 0; w < vocabulary; w++)
        {
            var nul = start < strings.Length ? Array.IndexOf(strings, (byte)0, start) : -1;
            if (nul < 0)
                throw reader.Invalid(stringsOffset + 4 + start, $"word strings end after {w} of the {vocabulary} words");
            words[w] = Encoding.UTF8.GetString(strings, start, nul - start);
            ids.TryAdd(words[w], w); // Sphinx keeps the first of duplicate spellings
            start = nul + 1;
        }
        if (start != strings.Length)
            throw reader.Invalid(stringsOffset + 4 + start, $"{strings.Length - start} bytes after the {vocabulary} words");

        return new SphinxTrieLanguageModel(counts, trieCounts, words, ids, unigramProb, unigramBackoff, unigramNext, middles, longest);
    }

    // Child ranges must start at 0, never decrease and end within the child array; returns the children in use.
    private static int CheckRanges(SectionReader reader, uint[] next, long sectionOffset, int recordBits, int fieldBit,
        int childCapacity, string parent, string child)
    {
        if (next[0] != 0) throw reader.Invalid(sectionOffset + fieldBit / 8, $"the first {parent} entry's {child} range starts at {next[0]}, not 0");
        for (var e = 1; e < next.Length; e++)
        {
            if (next[e] < next[e - 1] || next[e] > childCapacity)
                throw reader.Invalid(sectionOffset + ((long)e * recordBits + fieldBit) / 8,
                    $"{parent} entry {e} points to {child} {next[e]} (previous {next[e - 1]}, the header counts {childCapacity}): counts do not add up");
        }
        return (int)next[^1];
    }

    private static void CheckWords(SectionReader reader, long sectionOffset, int recordBits, int entries, Func<uint, int> word, int vocabulary, int n)
    {
        for (var e = 0u; e < entries; e++)
        {
            var w = word(e);
            if (w >= vocabulary)
                throw reader.Invalid(sectionOffset + (long)e * recordBits / 8, $"{n}-gram entry {e} names word {w}, beyond the {vocabulary} words");
        }
    }

    private static float ToLog10(float logmath) => (float)(logmath * Log10OfLogBase);

    private static string Printable(byte[] bytes) =>
        new(bytes.Select(b => b is >= 0x20 and < 0x7F ? (char)b : '?').ToArray());

    /// <summary>A middle order: entries [word | backoff bin | probability bin | first child].</summary>
    private sealed class Middle(BitPackedArray bits, int wordBits, int nextBits, int vocabulary, float[] probs, float[] backoffs)
    {
        public int Word(uint e) => (int)bits.Read(e, 0, wordBits);
        public float Backoff(uint e) => backoffs[bits.Read(e, wordBits, QuantBits)];
        public float Prob(uint e) => probs[bits.Read(e, wordBits + QuantBits, QuantBits)];
        public uint Next(uint e) => bits.Read(e, wordBits + 2 * QuantBits, nextBits);
        public bool Find(uint begin, uint end, int word, out uint entry) => Search(bits, wordBits, vocabulary, begin, end, word, out entry);
    }

    /// <summary>The top order: entries [word | probability bin].</summary>
    private sealed class Longest(BitPackedArray bits, int wordBits, int vocabulary, float[] probs)
    {
        public int Word(uint e) => (int)bits.Read(e, 0, wordBits);
        public float Prob(uint e) => probs[bits.Read(e, wordBits, QuantBits)];
        public bool Find(uint begin, uint end, int word, out uint entry) => Search(bits, wordBits, vocabulary, begin, end, word, out entry);
    }

    /// <summary>
    /// Interpolation search for <paramref name="key"/> among the word ids of entries [begin, end), which the builder
    /// sorted ascending. The pivot arithmetic repeats Sphinx's, 32-bit wrap-around included, so even a range that is
    /// out of order (the en-us model has two) answers as Sphinx answers.
    /// </summary>
    private static bool Search(BitPackedArray bits, int wordBits, int vocabulary, uint begin, uint end, int key, out uint entry)
    {
        long before = (long)begin - 1, after = end;
        uint beforeValue = 0, afterValue = (uint)vocabulary, target = (uint)key;
        while (after - before > 1)
        {
            var width = (uint)(after - before - 1);
            var offset = unchecked((target - beforeValue) * width) / (afterValue - beforeValue + 1);
            var pivot = before + 1 + offset;
            var mid = bits.Read(pivot, 0, wordBits);
            if (mid < target) { before = pivot; beforeValue = mid; }
            else if (mid > target) { after = pivot; afterValue = mid; }
            else { entry = (uint)pivot; return true; }
        }
        entry = 0;
        return false;
    }

    /// <summary>Sequential reads that fail with the file name and byte offset.</summary>
    private sealed class SectionReader(FileStream stream, string path)
    {
        public long Position { get; private set; }
        public long Length { get; } = stream.Length;

        public byte[] Bytes(int count, string what)
        {
            if (Length - Position < count)
                throw Invalid(Position, $"truncated: {what} needs {count} bytes, only {Length - Position} remain");
            var bytes = new byte[count];
            stream.ReadExactly(bytes);
            Position += count;
            return bytes;
        }

        public float[] LogFloats(int count, string what)
        {
            var bytes = Bytes(count * 4, what);
            var values = new float[count];
            for (var i = 0; i < count; i++) values[i] = ToLog10(BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4)));
            return values;
        }

        public InvalidDataException Invalid(long offset, string message) => new($"{path}: {message} (at byte offset {offset})");
    }
}
