namespace ProvenanceGuard.Detection.Tokenization;

public enum TokenKind : byte { Word, Number, Punctuation }

/// <summary>A token as a span of the text it came from: no string is allocated for it.</summary>
public readonly record struct Token(TokenKind Kind, int Start, int Length)
{
    public ReadOnlySpan<char> In(ReadOnlySpan<char> text) => text.Slice(Start, Length);
}
