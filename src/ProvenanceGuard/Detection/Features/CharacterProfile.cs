using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ProvenanceGuard.Detection.Tokenization;

namespace ProvenanceGuard.Detection.Features;

/// <summary>
/// The character pass: the text folded (lower case, typographic quotes as ASCII, each whitespace run one space),
/// then its hashed character n-grams and the share of 8-character windows seen earlier in the text. Each step is a
/// loop of its own over the folded characters: one loop doing all of it had more running values than registers,
/// and the compiler kept most of them on the stack.
/// </summary>
internal static class CharacterProfile
{
    private const ulong SaltChar = 0xA4093822299F31D0UL;
    private const byte CharOther = 0, CharSpace = 1, CharDigit = 2, CharLower = 3, CharUpper = 4;

    /// <summary>Digits and letters among the folded characters, and the upper-case letters among those (before folding).</summary>
    public readonly record struct Counts(int Digits, int Letters, int Upper);

    /// <summary>
    /// Writes the folded characters into <paramref name="folded"/> (at least as long as the text) and returns how
    /// many: no whitespace before the first or after the last, a single space for each run between.
    /// </summary>
    public static int Fold(ReadOnlySpan<char> text, Span<char> folded, out Counts counts)
    {
        if (folded.Length < text.Length) throw new ArgumentException("Folded buffer shorter than the text.", nameof(folded));
        ref var into = ref MemoryMarshal.GetReference(folded);
        var ascii = AsciiFolding;
        var increments = CountIncrements;
        int n = 0, digits = 0, letters = 0, upper = 0, pendingSpace = 0, started = 0;
        // The three counts share one 64-bit sum, 21 bits each, emptied before any field could overflow.
        for (var chunk = 0; chunk < text.Length; chunk += CountFieldLimit)
        {
            ulong packed = 0;
            foreach (var raw in text.Slice(chunk, Math.Min(CountFieldLimit, text.Length - chunk)))
            {
                // ASCII (nearly every character) costs one table load; the rest goes out of line, so no call
                // sits on the common path and the loop's running values can stay in registers.
                var folding = raw < 128 ? ascii[raw] : FoldingOf(raw);
                var cls = (int)(folding >> 16);
                packed += increments[cls];
                // No branch on the space: one comes every few characters, irregularly, and a branch would mispredict.
                // Both slots are written each time and n advances only past what counts. n never passes the
                // characters read and the buffer is at least as long as the text, so the writes stay inside it.
                var space = cls == CharSpace ? 1 : 0;
                Unsafe.Add(ref into, n) = ' ';
                n += pendingSpace & (space ^ 1);
                Unsafe.Add(ref into, n) = (char)folding;
                n += space ^ 1;
                started |= space ^ 1;
                pendingSpace = space & started;
            }
            digits += (int)(packed & CountFieldMask);
            letters += (int)((packed >> 21) & CountFieldMask);
            upper += (int)(packed >> 42);
        }
        counts = new Counts(digits, letters, upper);
        return n;
    }

    /// <summary>How many of the 8-character windows of <paramref name="folded"/> occurred earlier in it.</summary>
    public static int CountRepeatedWindows(ReadOnlySpan<char> folded)
    {
        var windows = new SeenKeys(folded.Length);
        try
        {
            ulong recent = 0, older = 0; // last 4 and the 4 before, 16 bits per char
            var window = new CharacterWindow();
            var repeated = 0;
            for (var i = 0; i < folded.Length; i++)
            {
                var c = folded[i];
                older = (older << 16) | (recent >> 48);
                recent = (recent << 16) | c;
                window.Push(c, i);
                // Branch-free count: whether a window was seen before is close to a coin toss.
                if (i >= 7) repeated += windows.Add(window.Key(older, recent, i + 1)) ? 1 : 0;
            }
            return repeated;
        }
        finally
        {
            windows.Dispose();
        }
    }

    /// <summary>
    /// Writes the bucket of every character n-gram of <paramref name="min"/>..<paramref name="max"/> characters
    /// (at most 5) into <paramref name="buckets"/>, ordered by end position then length, and returns how many.
    /// </summary>
    public static int HashNgrams(ReadOnlySpan<char> folded, int min, int max, int shift, Span<int> buckets)
    {
        if (min == max && max <= 4) return HashNgramsOfLength(folded, max, shift, buckets);
        ulong recent = 0, older = 0;
        var h = 0;
        for (var i = 0; i < folded.Length; i++)
        {
            older = (older << 16) | (recent >> 48);
            recent = (recent << 16) | folded[i];
            var longest = Math.Min(max, i + 1);
            for (var len = min; len <= longest; len++)
            {
                var key = len == 5 ? TokenHasher.Combine(older & 0xFFFF, recent) : recent & KeyMask(len);
                buckets[h++] = Bucket(key, len, shift);
            }
        }
        return h;
    }

    // The models' usual setting, one length: no inner loop and the mask fixed.
    private static int HashNgramsOfLength(ReadOnlySpan<char> folded, int length, int shift, Span<int> buckets)
    {
        var mask = KeyMask(length);
        ulong recent = 0;
        for (var i = 0; i < length - 1 && i < folded.Length; i++) recent = (recent << 16) | folded[i];
        var h = 0;
        for (var i = length - 1; i < folded.Length; i++)
        {
            recent = (recent << 16) | folded[i];
            buckets[h++] = Bucket(recent & mask, length, shift);
        }
        return h;
    }

    private static ulong KeyMask(int length) => length >= 4 ? ulong.MaxValue : (1UL << (16 * length)) - 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Bucket(ulong key, int length, int shift) =>
        TokenHasher.Bucket((key + (ulong)length) * 0x9E3779B97F4A7C15UL ^ SaltChar, shift);

    private const int CountFieldLimit = (1 << 21) - 1;
    private const ulong CountFieldMask = (1UL << 21) - 1;

    // What each class adds to the packed counts: digits in bits 0-20, letters in 21-41, upper-case letters in 42-62.
    private static ReadOnlySpan<ulong> CountIncrements => [0, 0, 1, 1UL << 21, (1UL << 21) | (1UL << 42)];

    // Each ASCII character folded (low 16 bits) and its class (above): space, digit, lower- and upper-case letter, other.
    private static readonly uint[] AsciiFolding = [.. Enumerable.Range(0, 128).Select(c => FoldingOf((char)c))];

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static uint FoldingOf(char c) => TokenHasher.Fold(c) | (uint)ClassOf(c) << 16;

    // Beyond ASCII: a letter that is not upper-case counts as lower (only the letter and upper-case shares use the class).
    private static byte ClassOf(char c) =>
        char.IsWhiteSpace(c) ? CharSpace
        : char.IsDigit(c) ? CharDigit
        : char.IsLetter(c) ? char.IsUpper(c) ? CharUpper : CharLower
        : CharOther;
}
