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
        if (!text.IsNormalized(NormalizationForm.FormC)) text = text.Normalize(NormalizationForm.FormC);
        return NeedsWhitespaceFolding(text) ? FoldWhitespace(text) : text;
    }

    private static bool NeedsWhitespaceFolding(ReadOnlySpan<char> text)
    {
        if (text.Length == 0) return false;
        if (IsSpace(text[0]) || IsSpace(text[^1])) return true;
        var previousSpace = false;
        var newlines = 0;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                if (previousSpace || ++newlines > 2) return true;
                previousSpace = false;
                continue;
            }
            if (IsSpace(c))
            {
                // Only a single ' ' between non-space characters is already canonical.
                if (c != ' ' || previousSpace) return true;
                previousSpace = true;
                continue;
            }
            if (previousSpace && newlines > 0) return true;
            previousSpace = false;
            newlines = 0;
        }
        return false;
    }

    private static string FoldWhitespace(ReadOnlySpan<char> text)
    {
        var builder = new StringBuilder(text.Length);
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
            if (builder.Length > 0)
            {
                if (pendingNewlines > 0) builder.Append('\n', Math.Min(pendingNewlines, 2));
                else if (pendingSpace) builder.Append(' ');
            }
            pendingSpace = false;
            pendingNewlines = 0;
            builder.Append(c);
        }
        return builder.ToString();
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\f' or '\v' || (c > 127 && char.IsWhiteSpace(c) && c != '\n');
}
