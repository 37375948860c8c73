using System.Runtime.CompilerServices;

namespace ProvenanceGuard.Detection.Tokenization;

/// <summary>
/// Case- and apostrophe-folding 64-bit hash of a token span (FNV-1a), so reference statistics and
/// scoring agree on word identity without allocating strings.
/// </summary>
public static class TokenHasher
{
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    /// <summary>The boundary marker that starts every sentence in the reference model.</summary>
    public const ulong SentenceStart = 0x9E3779B97F4A7C15UL;

    public static ulong Hash(ReadOnlySpan<char> token)
    {
        var h = Empty;
        foreach (var raw in token) h = Append(h, raw);
        return Complete(h);
    }

    /// <summary>The running hash before any character; <see cref="Append"/> extends it, <see cref="Complete"/> finishes it.</summary>
    public const ulong Empty = Offset;

    /// <summary>The running hash extended by one character (folded).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Append(ulong hash, char raw) => (hash ^ Fold(raw)) * Prime;

    /// <summary>A token's hash from its running hash: never <see cref="SentenceStart"/>, which marks a boundary.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Complete(ulong hash) => hash == SentenceStart ? hash + 1 : hash;

    /// <summary>Lower-cases and maps typographic apostrophes/quotes to ASCII; the detector judges words, not typography.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static char Fold(char c) => c < 128 ? (uint)(c - 'A') <= 'Z' - 'A' ? (char)(c | 0x20) : c : FoldNonAscii(c);

    // Kept out of line so the ASCII path above inlines into the per-character loops.
    private static char FoldNonAscii(char c)
    {
        return c switch
        {
            '\u2019' or '\u2018' or '\u02BC' => '\'',
            '\u201C' or '\u201D' => '"',
            _ => char.ToLowerInvariant(c),
        };
    }

    /// <summary>Order-dependent combination of two hashes (for bigram keys).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Combine(ulong first, ulong second)
    {
        var x = first * 0xBF58476D1CE4E5B9UL ^ (second + 0x94D049BB133111EBUL);
        x ^= x >> 31;
        x *= 0xD6E8FEEB86659FD7UL;
        return x ^ (x >> 29);
    }

    /// <summary>The sparse feature bucket of a key: the key's bits mixed, then its top 64 - <paramref name="shift"/> bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Bucket(ulong key, int shift)
    {
        key ^= key >> 33;
        key *= 0xFF51AFD7ED558CCDUL;
        key ^= key >> 33;
        return (int)(key >> shift);
    }
}
