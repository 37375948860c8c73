using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ProvenanceGuard.Detection.Tokenization;

/// <summary>
/// Counts whitespace-separated words, as <see cref="char.IsWhiteSpace(char)"/> separates them: a model card's lengths
/// and the scoring windows are stated in them. Eight characters at a time where all are below U+0085, the first
/// character that can be whitespace other than tab to carriage return and space; one at a time elsewhere.
/// </summary>
public static class WhitespaceWords
{
    public static int Count(ReadOnlySpan<char> text)
    {
        var chars = MemoryMarshal.Cast<char, ushort>(text);
        var words = 0;
        var afterSpace = true;
        var i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            var space = Vector128.Create((ushort)' ');
            var tab = Vector128.Create((ushort)'\t');
            var tabToReturn = Vector128.Create((ushort)('\r' - '\t'));
            var mayBeOtherSpace = Vector128.Create((ushort)0x85);
            for (; i + Vector128<ushort>.Count <= chars.Length; i += Vector128<ushort>.Count)
            {
                var v = Vector128.Create(chars.Slice(i, Vector128<ushort>.Count));
                if (Vector128.GreaterThanOrEqualAny(v, mayBeOtherSpace))
                {
                    for (var j = i; j < i + Vector128<ushort>.Count; j++) CountOne(text[j], ref words, ref afterSpace);
                    continue;
                }
                // Bit k set when character k is whitespace; a word starts where a non-space follows a space.
                var spaces = (Vector128.Equals(v, space) | Vector128.LessThanOrEqual(v - tab, tabToReturn)).ExtractMostSignificantBits();
                var follows = (spaces << 1) | (afterSpace ? 1u : 0u);
                words += BitOperations.PopCount(~spaces & follows & 0xFFu);
                afterSpace = (spaces & 0x80u) != 0;
            }
        }
        for (; i < text.Length; i++) CountOne(text[i], ref words, ref afterSpace);
        return words;
    }

    private static void CountOne(char c, ref int words, ref bool afterSpace)
    {
        var isSpace = char.IsWhiteSpace(c);
        if (!isSpace && afterSpace) words++;
        afterSpace = isSpace;
    }
}
