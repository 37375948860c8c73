using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.InteropServices;
using ProvenanceGuard.Detection.Tokenization;

namespace ProvenanceGuard.Detection.Baseline;

/// <summary>
/// Per-word surprisal, looked up case-insensitively straight from a span of the text (the hot path of the baseline
/// detector). A word is identified by a 64-bit hash of its lower-cased characters (one multiply per eight characters,
/// see <see cref="Hash"/>), and hash and value share one
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
        _shift = 64 - BitOperations.Log2((uint)size);
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
    /// The sum of the surprisals of a text's words, and their number, in one pass that finds the words and keys them as
    /// it goes, where tokenizing first and then hashing each word cost twice as much. Words are
    /// <see cref="WordTokenizer"/>'s: ASCII is scanned here by its rule restated (a word starts with a
    /// letter and runs on through letters and digits, and through an apostrophe or hyphen followed by a letter), and a
    /// token that involves any other character is handed to the tokenizer itself. A test holds the two to the same
    /// answer on random text.
    /// </summary>
    /// <remarks>
    /// Most of a text is read 64 characters at a time by <see cref="ScanAsciiBlock"/>, which finds all of a block's words
    /// from bit masks. The step-by-step scan below reads what a block cannot: blocks holding a non-ASCII character, a word
    /// a block boundary cuts, and the text's last 72 characters. It classifies eight characters at a time (one vector
    /// step skips to the next letter or non-ASCII character, one finds where a word's letters and digits stop) and goes
    /// character by character only for words longer than eight characters or running through a joiner. Words of up to
    /// eight characters are keyed straight from the vector that found them.
    /// </remarks>
    public (double Sum, int Words) SumOverWords(ReadOnlySpan<char> text)
    {
        ref var units = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
        var lastVector = text.Length - Vector128<ushort>.Count;
        // A block needs its lookahead character, and a vector load at any of its word starts.
        var lastBlock = text.Length - BlockLength - Vector128<ushort>.Count;
        double sum = 0;
        var words = 0;
        var i = 0;
        var stepUntil = 0;
        while (i < text.Length)
        {
            if (i >= stepUntil && i <= lastBlock)
            {
                i = ScanAsciiBlock(text, i, ref sum, ref words, out stepUntil);
                continue;
            }
            if (i <= lastVector)
            {
                // White space, punctuation and digits. A number's extent does not matter: it never holds a letter, so
                // skipping it finds the same words.
                var ahead = Vector128.LoadUnsafe(ref units, (nuint)i);
                var stops = (IsAsciiLetter(ahead) | Vector128.GreaterThan(ahead, Vector128.Create((ushort)127))).ExtractMostSignificantBits();
                if (stops == 0)
                {
                    i += Vector128<ushort>.Count;
                    continue;
                }
                i += BitOperations.TrailingZeroCount(stops);
            }
            var c = text[i];
            if (!IsAsciiLetter(c))
            {
                if (c < 128 || char.IsWhiteSpace(c)) i++;
                else i = TokenizeOne(text, i, ref sum, ref words);
                continue;
            }

            var start = i;
            ulong key;
            if (start <= lastVector)
            {
                var chars = Vector128.LoadUnsafe(ref units, (nuint)start);
                var ends = ~(IsAsciiLetter(chars) | IsAsciiDigit(chars)).ExtractMostSignificantBits() & 0xFF;
                if (ends != 0)
                {
                    var length = BitOperations.TrailingZeroCount(ends);
                    i = start + length;
                    var next = text[i];
                    if (next is not ('\'' or '-') && next < 128)
                    {
                        key = ShortAsciiWordKey(chars, length);
                        goto Found;
                    }
                }
                else i = start + Vector128<ushort>.Count;
            }
            else i = start + 1;
            if (!ExtendWord(text, ref i))
            {
                i = TokenizeOne(text, start, ref sum, ref words);
                continue;
            }
            key = AsciiWordKey(text, start, i);
        Found:
            sum += Surprisal(key);
            words++;
        }
        return (sum, words);
    }

    private const int BlockLength = 64;

    /// <summary>
    /// Scans the 64 characters from <paramref name="start"/>, where the scan stands between words, when they and the one
    /// after them are all ASCII: bit masks of letters, digits and joiners locate every word at once, so finding one word
    /// does not wait on finding the one before. A word is the stretch from the first letter of a run of word characters
    /// (letters, digits, joiners before a letter) to the run's end, which is the character scan's rule read from the
    /// masks; a run is taken to start no earlier than the block, as the scan stands between words there. Returns where the scan goes on: past the block, or at a run the block cuts (which the character scan then
    /// reads, as it does a block holding anything but ASCII; <paramref name="stepUntil"/> says how far).
    /// </summary>
    private int ScanAsciiBlock(ReadOnlySpan<char> text, int start, ref double sum, ref int words, out int stepUntil)
    {
        ref var units = ref Unsafe.Add(ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text)), start);
        var c0 = Vector128.LoadUnsafe(ref units, 0);
        var c1 = Vector128.LoadUnsafe(ref units, 8);
        var c2 = Vector128.LoadUnsafe(ref units, 16);
        var c3 = Vector128.LoadUnsafe(ref units, 24);
        var c4 = Vector128.LoadUnsafe(ref units, 32);
        var c5 = Vector128.LoadUnsafe(ref units, 40);
        var c6 = Vector128.LoadUnsafe(ref units, 48);
        var c7 = Vector128.LoadUnsafe(ref units, 56);
        var lookahead = text[start + BlockLength];
        if (((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7) & Vector128.Create((ushort)0xFF80)) != Vector128<ushort>.Zero || lookahead >= 128)
        {
            stepUntil = start + BlockLength;
            return start;
        }
        // All ASCII, so narrowing to bytes loses nothing.
        var (l0, d0, j0) = Classify(Vector128.Narrow(c0, c1));
        var (l1, d1, j1) = Classify(Vector128.Narrow(c2, c3));
        var (l2, d2, j2) = Classify(Vector128.Narrow(c4, c5));
        var (l3, d3, j3) = Classify(Vector128.Narrow(c6, c7));
        var letters = l0 | l1 << 16 | l2 << 32 | l3 << 48;
        var joiners = j0 | j1 << 16 | j2 << 32 | j3 << 48;
        var lettersAfter = letters >> 1 | (IsAsciiLetter(lookahead) ? 1UL << 63 : 0);
        var wordChars = letters | d0 | d1 << 16 | d2 << 32 | d3 << 48 | (joiners & lettersAfter);

        var total = sum;
        var count = words;
        var runStarts = wordChars & ~(wordChars << 1);
        var next = start + BlockLength;
        while (runStarts != 0)
        {
            var runStart = BitOperations.TrailingZeroCount(runStarts);
            var beyond = ~wordChars & (~0UL << runStart);
            if (beyond == 0)
            {
                next = start + runStart;
                break;
            }
            var runEnd = BitOperations.TrailingZeroCount(beyond);
            var wordStart = BitOperations.TrailingZeroCount(letters & (~0UL << runStart));
            if (wordStart < runEnd)
            {
                var length = runEnd - wordStart;
                var key = length <= Vector128<ushort>.Count
                    ? ShortAsciiWordKey(Vector128.LoadUnsafe(ref units, (nuint)wordStart), length)
                    : AsciiWordKey(text, start + wordStart, start + runEnd);
                total += Surprisal(key);
                count++;
            }
            runStarts &= runStarts - 1;
        }
        sum = total;
        words = count;
        stepUntil = next + 1;
        return next;
    }

    /// <summary>Bit masks of the letters, digits and joiners (apostrophe, hyphen) among 16 ASCII characters.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (ulong Letters, ulong Digits, ulong Joiners) Classify(Vector128<byte> c)
    {
        var letters = Vector128.LessThanOrEqual((c | Vector128.Create((byte)0x20)) - Vector128.Create((byte)'a'), Vector128.Create((byte)('z' - 'a')));
        var digits = Vector128.LessThanOrEqual(c - Vector128.Create((byte)'0'), Vector128.Create((byte)9));
        var joiners = Vector128.Equals(c, Vector128.Create((byte)'\'')) | Vector128.Equals(c, Vector128.Create((byte)'-'));
        return (letters.ExtractMostSignificantBits(), digits.ExtractMostSignificantBits(), joiners.ExtractMostSignificantBits());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private float Surprisal(ulong key)
    {
        var slots = _slots;
        var mask = slots.Length - 1;
        var index = Home(key);
        while (slots[index].Key != key && slots[index].Key != 0) index = (index + 1) & mask;
        return slots[index].Key == 0 ? Unknown : slots[index].Value;
    }

    /// <summary>
    /// Moves <paramref name="i"/> from inside an ASCII word to its end, through letters, digits and joiners followed by a
    /// letter; false when a non-ASCII character touches the word, which is then the tokenizer's to read.
    /// </summary>
    private static bool ExtendWord(ReadOnlySpan<char> text, ref int i)
    {
        while (i < text.Length)
        {
            var c = text[i];
            if (IsAsciiLetter(c) || char.IsAsciiDigit(c))
            {
                i++;
                continue;
            }
            if (c is '\'' or '-' && i + 1 < text.Length)
            {
                if (IsAsciiLetter(text[i + 1]))
                {
                    i += 2;
                    continue;
                }
                return text[i + 1] < 128;
            }
            return c < 128;
        }
        return true;
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ushort> IsAsciiLetter(Vector128<ushort> c) =>
        Vector128.LessThanOrEqual((c | Vector128.Create((ushort)0x20)) - Vector128.Create((ushort)'a'), Vector128.Create((ushort)('z' - 'a')));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ushort> IsAsciiDigit(Vector128<ushort> c) =>
        Vector128.LessThanOrEqual(c - Vector128.Create((ushort)'0'), Vector128.Create((ushort)9));

    /// <summary>The key is already well mixed, so its top bits serve as the home slot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Home(ulong key) => (int)(key >> _shift);

    // A word's key: its lower-cased UTF-16 units packed four to a 64-bit chunk (first character in the low 16 bits, the
    // last chunks zero-padded), each pair of chunks folded into the key by one 64x64->128-bit multiply, where FNV-1a took
    // a serial multiply per character. Word characters are never U+0000, so padding cannot make two words alike, and the
    // seeds' zero low lanes keep both factors of a word's first fold non-zero.
    private const ulong FirstSeed = 0x9E37_79B9_7F4A_0000UL, SecondSeed = 0xD6E8_FEB8_6659_0000UL;

    /// <summary>
    /// The key of <paramref name="text"/>[<paramref name="start"/>..<paramref name="end"/>], a word of ASCII letters,
    /// digits, apostrophes and hyphens. Equal to <see cref="Hash"/> of the same word.
    /// </summary>
    private static ulong AsciiWordKey(ReadOnlySpan<char> text, int start, int end)
    {
        ref var units = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
        ulong hash = 0;
        var at = start;
        for (; end - at >= Vector128<ushort>.Count; at += Vector128<ushort>.Count)
            hash = FoldLanes(Vector128.LoadUnsafe(ref units, (nuint)at), Vector128<ushort>.Count, hash);
        var rest = end - at;
        if (rest == 0) return hash | 1;
        if (at + Vector128<ushort>.Count <= text.Length) return FoldLanes(Vector128.LoadUnsafe(ref units, (nuint)at), rest, hash) | 1;
        ulong first = 0, second = 0;
        for (var k = 0; k < rest; k++)
        {
            var lower = (ulong)(text[at + k] | 0x20);
            if (k < 4) first |= lower << (16 * k);
            else second |= lower << (16 * (k - 4));
        }
        return Fold(hash ^ first, second) | 1;
    }

    /// <summary><see cref="AsciiWordKey"/> of a word held by the first <paramref name="length"/> (1 to 8) lanes of <paramref name="chars"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ShortAsciiWordKey(Vector128<ushort> chars, int length) => FoldLanes(chars, length, 0) | 1;

    /// <summary>
    /// Folds the word characters in the first <paramref name="length"/> lanes into <paramref name="hash"/>. Setting bit 5
    /// lower-cases an ASCII letter and leaves digits, apostrophes and hyphens as they are, so one OR lower-cases them all.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong FoldLanes(Vector128<ushort> chars, int length, ulong hash)
    {
        var kept = Vector128.LessThan(Vector128.Create((ushort)0, 1, 2, 3, 4, 5, 6, 7), Vector128.Create((ushort)length));
        var lower = ((chars | Vector128.Create((ushort)0x20)) & kept).AsUInt64();
        return Fold(hash ^ lower.GetElement(0), lower.GetElement(1));
    }

    /// <summary>The key of any word, lower-casing it as the tokenizer's reference counts were; never 0, which marks an empty slot.</summary>
    private static ulong Hash(ReadOnlySpan<char> word)
    {
        ulong hash = 0, first = 0, second = 0;
        var lane = 0;
        foreach (var c in word)
        {
            ulong lower = (uint)(c - 'A') <= 'Z' - 'A' ? (char)(c | 0x20) : c < 128 ? c : char.ToLowerInvariant(c);
            if (lane < 4) first |= lower << (16 * lane);
            else second |= lower << (16 * (lane - 4));
            if (++lane < 8) continue;
            hash = Fold(hash ^ first, second);
            first = second = 0;
            lane = 0;
        }
        return (lane == 0 ? hash : Fold(hash ^ first, second)) | 1;
    }

    /// <summary>Multiplies two chunks (each xor-ed with a seed) to 128 bits and folds the halves together, which spreads every input bit over the result.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Fold(ulong first, ulong second)
    {
        var high = Math.BigMul(first ^ FirstSeed, second ^ SecondSeed, out var low);
        return high ^ low;
    }
}
