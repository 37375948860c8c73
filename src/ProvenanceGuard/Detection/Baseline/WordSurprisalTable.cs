using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ProvenanceGuard.Detection.Tokenization;

namespace ProvenanceGuard.Detection.Baseline;

/// <summary>
/// Per-word surprisal, looked up case-insensitively straight from a span of the text (the hot path of the baseline
/// detector). A word is identified by a 64-bit hash of its lower-cased characters, and hash and value share one
/// 12-byte slot, so a lookup touches one cache line: the table of Brown's ~50k words fits in 768 KB, within a core's
/// L2. Before, a slot held a 32-bit hash and the key was checked in two more arrays, three cache misses for a rare word.
/// Two distinct words sharing a 64-bit hash would be refused at construction; an unknown word that happens to share a
/// known word's hash (odds about 1 in 10^14 per word for Brown) would be scored as that word.
/// </summary>
internal sealed class WordSurprisalTable
{
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    private readonly record struct Slot(ulong Key, float Value);

    private readonly Slot[] _slots;
    private readonly int _shift;

    /// <param name="surprisalByLowerCaseWord">Keys must already be lower case and not empty.</param>
    /// <param name="unknown">The surprisal of a word not in the table.</param>
    public WordSurprisalTable(IReadOnlyDictionary<string, double> surprisalByLowerCaseWord, double unknown)
    {
        var size = 16;
        while (size * 0.8 < surprisalByLowerCaseWord.Count) size <<= 1;
        _slots = new Slot[size];
        _shift = 64 - System.Numerics.BitOperations.Log2((uint)size);
        Unknown = (float)unknown;
        var mask = size - 1;
        // Common words (low surprisal) go in first, so they sit in their home slot and are found at the first probe.
        foreach (var (word, surprisal) in surprisalByLowerCaseWord.OrderBy(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var key = Hash(word);
            var index = Home(key);
            while (_slots[index].Key != 0)
            {
                if (_slots[index].Key == key) throw new ArgumentException($"'{word}' shares its 64-bit hash with another word", nameof(surprisalByLowerCaseWord));
                index = (index + 1) & mask;
            }
            _slots[index] = new Slot(key, (float)surprisal);
        }
    }

    public float Unknown { get; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Lookup(ReadOnlySpan<char> word)
    {
        var key = Hash(word);
        var slots = _slots;
        var mask = slots.Length - 1;
        var index = Home(key);
        while (true)
        {
            ref readonly var slot = ref slots[index];
            if (slot.Key == key) return slot.Value;
            if (slot.Key == 0) return Unknown;
            index = (index + 1) & mask;
        }
    }

    /// <summary>
    /// The sum of the surprisals of a text's words, and their number, in one pass that finds the words and hashes them as
    /// it goes, where tokenizing first and then hashing each word cost twice as much. Words are
    /// <see cref="WordTokenizer"/>'s: ASCII is scanned here by its rule restated (a word starts with a
    /// letter and runs on through letters and digits, and through an apostrophe or hyphen followed by a letter), and a
    /// token that involves any other character is handed to the tokenizer itself. A test holds the two to the same
    /// answer on random text.
    /// </summary>
    public (double Sum, int Words) SumOverWords(ReadOnlySpan<char> text)
    {
        var slots = _slots;
        var mask = slots.Length - 1;
        double sum = 0;
        var words = 0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            var c = text[i];
            var plain = true;
            if (IsAsciiLetter(c))
            {
                while (true)
                {
                    if (++i >= text.Length) break;
                    c = text[i];
                    if (IsAsciiLetter(c) || char.IsAsciiDigit(c)) continue;
                    if (c is '\'' or '-' && i + 1 < text.Length)
                    {
                        if (IsAsciiLetter(text[i + 1])) continue;
                        plain = text[i + 1] < 128;
                    }
                    else plain = c < 128;
                    break;
                }
                if (plain)
                {
                    var key = AsciiWordKey(text, start, i);
                    var index = Home(key);
                    while (slots[index].Key != key && slots[index].Key != 0) index = (index + 1) & mask;
                    sum += slots[index].Key == 0 ? Unknown : slots[index].Value;
                    words++;
                    continue;
                }
            }
            else if (c < 128 || char.IsWhiteSpace(c))
            {
                // White space, punctuation or a digit. A number's extent does not matter: it never holds a letter, so
                // skipping it one character at a time finds the same words.
                i++;
                continue;
            }
            i = TokenizeOne(text, start, ref sum, ref words);
        }
        return (sum, words);
    }

    /// <summary>Lets the tokenizer read the token at <paramref name="start"/> (which is not white space); returns where it ends.</summary>
    private int TokenizeOne(ReadOnlySpan<char> text, int start, ref double sum, ref int words)
    {
        var rest = text[start..];
        var tokens = WordTokenizer.Tokenize(rest);
        tokens.MoveNext();
        var token = tokens.Current;
        if (token.Kind == TokenKind.Word)
        {
            sum += Lookup(token.In(rest));
            words++;
        }
        return start + token.Start + token.Length;
    }

    private static bool IsAsciiLetter(char c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a';

    /// <summary>The key is already well mixed, so its top bits serve as the home slot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Home(ulong key) => (int)(key >> _shift);

    // A word's key: its lower-cased UTF-16 units packed four to a 64-bit chunk (first character in the low 16 bits, the
    // last chunk zero-padded), each chunk folded in by one bijective mix. One multiply-pair per four characters replaces
    // FNV-1a's serial multiply per character. Word characters are never U+0000, so padding cannot make two words alike,
    // and a word of up to four characters gets a key no other such word shares.
    private const ulong LowerCaseBits = 0x0020_0020_0020_0020UL;

    /// <summary>
    /// The key of <paramref name="text"/>[<paramref name="start"/>..<paramref name="end"/>], a word of ASCII letters,
    /// digits, apostrophes and hyphens: setting bit 5 lower-cases a letter and leaves the other three unchanged, so four
    /// characters are lower-cased with one OR. Equal to <see cref="Hash"/> of the same word.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong AsciiWordKey(ReadOnlySpan<char> text, int start, int end)
    {
        ref var first = ref Unsafe.As<char, byte>(ref MemoryMarshal.GetReference(text));
        ulong hash = 0;
        var at = start;
        for (; end - at >= 4; at += 4)
            hash = Mix(hash ^ (Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, 2 * at)) | LowerCaseBits));
        var rest = end - at;
        if (rest == 0) return hash | 1;
        ulong chunk;
        if (end >= 4)
        {
            // The four characters ending at the word's end, shifted so that only the word's last ones remain.
            chunk = (Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, 2 * (end - 4))) | LowerCaseBits) >> (16 * (4 - rest));
        }
        else
        {
            chunk = 0;
            for (var k = 0; k < rest; k++) chunk |= (ulong)(text[at + k] | 0x20) << (16 * k);
        }
        return Mix(hash ^ chunk) | 1;
    }

    /// <summary>The key of any word, lower-casing it as the tokenizer's reference counts were; never 0, which marks an empty slot.</summary>
    private static ulong Hash(ReadOnlySpan<char> word)
    {
        ulong hash = 0, chunk = 0;
        var lane = 0;
        foreach (var c in word)
        {
            var lower = (uint)(c - 'A') <= 'Z' - 'A' ? (char)(c | 0x20) : c < 128 ? c : char.ToLowerInvariant(c);
            chunk |= (ulong)lower << (16 * lane);
            if (++lane < 4) continue;
            hash = Mix(hash ^ chunk);
            chunk = 0;
            lane = 0;
        }
        return (lane == 0 ? hash : Mix(hash ^ chunk)) | 1;
    }

    /// <summary>A bijective 64-bit finalizer (xor-shifts and odd multipliers, as in MurmurHash3's fmix64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 33)) * 0xff51afd7ed558ccdUL;
        z = (z ^ (z >> 33)) * 0xc4ceb9fe1a85ec53UL;
        return z ^ (z >> 33);
    }
}
