using ProvenanceGuard.Detection.Tokenization;

namespace ProvenanceGuard.Provenance.Watermark;

/// <summary>
/// Token ids for watermarking without a vocabulary: the word tokenizer's words and numbers, each mapped to a
/// stable 64-bit FNV-1a hash of its lower-cased characters. Punctuation carries no id, so spacing and quote
/// style do not move the watermark, and the same text gives the same ids on every machine and run.
/// </summary>
public static class WordIds
{
    private const ulong OffsetBasis = 14695981039346656037UL, Prime = 1099511628211UL;

    /// <summary>The ids of the words and numbers of <paramref name="text"/>, in order.</summary>
    public static List<ulong> Of(string text)
    {
        var ids = new List<ulong>(text.Length / 5);
        foreach (var token in WordTokenizer.Tokenize(text))
            if (token.Kind != TokenKind.Punctuation) ids.Add(Hash(token.In(text)));
        return ids;
    }

    /// <summary>The id of one word when it is exactly one word or number token, else null (punctuation, "U.S.", empty).</summary>
    public static ulong? OfSingleWord(string word)
    {
        var tokens = WordTokenizer.Tokenize(word);
        if (!tokens.MoveNext()) return null;
        var first = tokens.Current;
        if (first.Kind == TokenKind.Punctuation || tokens.MoveNext()) return null;
        return Hash(first.In(word));
    }

    /// <summary>The id of the last word or number token in <paramref name="text"/>, or null when it has none.</summary>
    public static ulong? Last(string text)
    {
        ulong? last = null;
        foreach (var token in WordTokenizer.Tokenize(text))
            if (token.Kind != TokenKind.Punctuation) last = Hash(token.In(text));
        return last;
    }

    public static ulong Hash(ReadOnlySpan<char> word)
    {
        var hash = OffsetBasis;
        foreach (var c in word)
        {
            var lower = char.ToLowerInvariant(c);
            hash = (hash ^ (byte)lower) * Prime;
            hash = (hash ^ (byte)(lower >> 8)) * Prime;
        }
        return hash;
    }
}
