using System.Globalization;
using System.Runtime.CompilerServices;

namespace ProvenanceGuard.Detection.Tokenization;

/// <summary>
/// Splits text into words (letters, with inner apostrophes and hyphens), numbers (digits with inner
/// '.' or ','), and single punctuation marks, skipping white space. Unicode-aware through
/// <see cref="char.IsLetter(char)"/> and friends; enumerates spans, allocates nothing. Each token's
/// <see cref="TokenHasher.Hash"/> comes with it, computed in the same pass over its characters.
/// </summary>
public static class WordTokenizer
{
    public static Enumerator Tokenize(ReadOnlySpan<char> text) => new(text);

    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<char> _text;
        private int _position;

        internal Enumerator(ReadOnlySpan<char> text)
        {
            _text = text;
            _position = 0;
            Current = default;
        }

        public Token Current { get; private set; }

        /// <summary><see cref="TokenHasher.Hash"/> of <see cref="Current"/>'s characters.</summary>
        public ulong CurrentHash { get; private set; }

        public readonly Enumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            var text = _text;
            var i = _position;
            while (i < text.Length && IsSpace(text[i])) i++;
            if (i >= text.Length)
            {
                _position = i;
                return false;
            }

            var start = i;
            var c = text[i];
            TokenKind kind;
            // The hash is taken here, while the characters pass anyway: hashing them again later cost a second loop
            // whose exit, at every token's end, the processor mispredicts.
            var h = TokenHasher.Append(TokenHasher.Empty, c);
            if (IsWordChar(c))
            {
                kind = TokenKind.Word;
                i++;
                while (i < text.Length)
                {
                    var d = text[i];
                    if (IsWordChar(d) || char.IsDigit(d)) { h = TokenHasher.Append(h, d); i++; continue; }
                    // "don't", "well-known": a joiner counts only between two letters.
                    if ((d == '\'' || d == '’' || d == '-') && i + 1 < text.Length && IsWordChar(text[i + 1]))
                    {
                        h = TokenHasher.Append(TokenHasher.Append(h, d), text[i + 1]);
                        i += 2;
                        continue;
                    }
                    break;
                }
            }
            else if (char.IsDigit(c))
            {
                kind = TokenKind.Number;
                i++;
                while (i < text.Length)
                {
                    var d = text[i];
                    if (char.IsDigit(d)) { h = TokenHasher.Append(h, d); i++; continue; }
                    if ((d == '.' || d == ',') && i + 1 < text.Length && char.IsDigit(text[i + 1]))
                    {
                        h = TokenHasher.Append(TokenHasher.Append(h, d), text[i + 1]);
                        i += 2;
                        continue;
                    }
                    break;
                }
            }
            else
            {
                kind = TokenKind.Punctuation;
                i++;
                if (char.IsHighSurrogate(c) && i < text.Length && char.IsLowSurrogate(text[i])) h = TokenHasher.Append(h, text[i++]);
            }

            Current = new Token(kind, start, i - start);
            CurrentHash = TokenHasher.Complete(h);
            _position = i;
            return true;
        }
    }

    private const byte Space = 1, Letter = 2;

    /// <summary>Character classes of ASCII, so the common case costs one table load per character.</summary>
    private static ReadOnlySpan<byte> AsciiClass =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0,
        0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0,
    ];

    private static bool IsSpace(char c) => c < 128 ? AsciiClass[c] == Space : char.IsWhiteSpace(c);

    // Split so the ASCII test inlines into the token loop and only other characters pay for a call.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsWordChar(char c) => c < 128 ? AsciiClass[c] == Letter : IsNonAsciiWordChar(c);

    private static bool IsNonAsciiWordChar(char c)
    {
        var category = char.GetUnicodeCategory(c);
        return category is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.NonSpacingMark
            or UnicodeCategory.SpacingCombiningMark;
    }
}
