using ProvenanceGuard.Detection.Reference;
using ProvenanceGuard.Detection.Tokenization;

namespace ProvenanceGuard.Detection.Features;

/// <summary>
/// The topic-masked token stream the syntax features read: function words, punctuation and numbers stay
/// themselves, every other word becomes its part-of-speech tag, so what is left is how a text is built, not what it is about.
/// </summary>
internal static class SyntaxSymbols
{
    public const ulong Salt = 0x082EFA98EC4E6C89UL;

    /// <summary>The symbol of a content word tagged <paramref name="tag"/>; tag -1 (no tags known) is the bare salt.</summary>
    public static ulong OfTag(int tag) => tag < 0 ? Salt : TokenHasher.Combine(Salt, (ulong)tag + 1);

    /// <summary>The symbol of one token with reference id <paramref name="id"/> and known tag <paramref name="tag"/> (-1: guess from the word).</summary>
    public static ulong Of(TokenKind kind, ulong id, int tag, TagLexicon tags, ReadOnlySpan<char> word)
    {
        var isContentWord = kind == TokenKind.Word && FunctionWords.ClassOf(id) == FunctionWordClass.None;
        if (!isContentWord) return id;
        return OfTag(tag >= 0 ? tag : tags.Guess(word));
    }
}
