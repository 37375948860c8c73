using System.Buffers;
using System.Text;

namespace ProvenanceGuard.Ingestion;

/// <summary>
/// Canonical text form before hashing: Unicode NFC, line endings as \n, runs of horizontal white space
/// as one space, no white space at line ends, at most one blank line in a row, trimmed. Two texts that
/// differ only in these ways hash alike, so exact dedup catches them.
/// </summary>
public static class TextNormalizer
{
    public static string Normalize(string text)
    {
        using TextScratch composed = new(), folded = new();
        var normalized = Normalize(text, composed, folded, out var changed);
        return changed ? normalized.ToString() : text;
    }

    /// <summary>
    /// The same canonical form without a string: returns <paramref name="text"/> itself when it is already canonical,
    /// else the normalized text in one of the scratch buffers (which must not hold <paramref name="text"/>).
    /// </summary>
    internal static ReadOnlySpan<char> Normalize(ReadOnlySpan<char> text, TextScratch composed, TextScratch folded, out bool changed)
    {
        changed = false;
        if (!SurelyNfc(text) && !text.IsNormalized(NormalizationForm.FormC))
        {
            var length = text.GetNormalizedLength(NormalizationForm.FormC);
            var destination = composed.Reserve(length);
            text.TryNormalize(destination, out var written, NormalizationForm.FormC);
            text = destination[..written];
            changed = true;
        }
        if (!NeedsWhitespaceFolding(text)) return text;
        changed = true;
        var output = folded.Reserve(text.Length);
        return output[..FoldWhitespace(text, output)];
    }

    /// <summary>ASCII white space that never stands in canonical text.</summary>
    private static readonly SearchValues<char> AsciiFoldedWhitespace = SearchValues.Create("\t\r\f\v");

    /// <summary>
    /// A quick check that spares most texts the ICU call: characters below U+0300 and the general punctuation
    /// block from U+2002 (dashes, quotes, ellipsis) neither decompose canonically nor combine, so text made
    /// only of them is already NFC.
    /// </summary>
    private static bool SurelyNfc(ReadOnlySpan<char> text)
    {
        int i;
        while ((i = text.IndexOfAnyExceptInRange('\0', '\u02FF')) >= 0)
        {
            if (text[i] is < '\u2002' or > '\u206F') return false;
            text = text[(i + 1)..];
        }
        return true;
    }

    private static bool NeedsWhitespaceFolding(ReadOnlySpan<char> text)
    {
        if (text.Length == 0) return false;
        if (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1])) return true;
        // Vectorized searches for each way text can be non-canonical.
        return text.ContainsAny(AsciiFoldedWhitespace) || text.Contains("  ", StringComparison.Ordinal) || text.Contains(" \n", StringComparison.Ordinal)
               || text.Contains("\n ", StringComparison.Ordinal) || text.Contains("\n\n\n", StringComparison.Ordinal)
               || ContainsNonAsciiWhitespace(text);
    }

    private static bool ContainsNonAsciiWhitespace(ReadOnlySpan<char> text)
    {
        // Non-ASCII characters are rare in most corpora; visit only those.
        int i;
        while ((i = text.IndexOfAnyExceptInRange('\0', '\x7f')) >= 0)
        {
            if (char.IsWhiteSpace(text[i])) return true;
            text = text[(i + 1)..];
        }
        return false;
    }

    /// <summary>Writes the folded text to <paramref name="output"/> (never longer than the input); returns its length.</summary>
    private static int FoldWhitespace(ReadOnlySpan<char> text, Span<char> output)
    {
        var length = 0;
        var pendingSpace = false;
        var pendingNewlines = 0;
        foreach (var c in text)
        {
            if (c == '\n' || c == '\u2028' || c == '\u2029' || c == '\r')
            {
                if (c == '\r') continue; // \r\n and lone \r: the \n (or nothing) decides
                pendingNewlines++;
                pendingSpace = false;
                continue;
            }
            if (IsSpace(c))
            {
                if (pendingNewlines == 0) pendingSpace = true;
                continue;
            }
            if (length > 0)
            {
                if (pendingNewlines > 0)
                {
                    output[length++] = '\n';
                    if (pendingNewlines > 1) output[length++] = '\n';
                }
                else if (pendingSpace) output[length++] = ' ';
            }
            pendingSpace = false;
            pendingNewlines = 0;
            output[length++] = c;
        }
        return length;
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\f' or '\v' || (c > 127 && char.IsWhiteSpace(c) && c != '\n');
}
