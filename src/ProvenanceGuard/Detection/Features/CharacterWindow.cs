using System.Runtime.CompilerServices;
using ProvenanceGuard.Detection.Tokenization;

namespace ProvenanceGuard.Detection.Features;

/// <summary>
/// The last 8 (folded) characters of the character pass as one exact 64-bit key for the repeated-window count.
/// Almost every window is ASCII, and 8 ASCII characters fit in 64 bits as they are: no hash to compute and no
/// collision possible. A window holding any other character is hashed instead, with the top bit set so the
/// two kinds of key can never meet. Neither kind is ever 0 (bit 7 of a packed key's last byte is set), as
/// <see cref="SeenKeys"/> needs.
/// </summary>
internal struct CharacterWindow
{
    private ulong _packed;
    private int _lastWide; // position of the last character above ASCII, or -8 and earlier: none in the window

    public CharacterWindow() => _lastWide = -8;

    /// <summary>Appends the character at position <paramref name="position"/> (0-based count of characters pushed before it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(char c, int position)
    {
        _packed = (_packed << 8) | (byte)c;
        if (c >= 128) _lastWide = position;
    }

    /// <summary>The key of the 8 characters ending at the last push; <paramref name="older"/>/<paramref name="recent"/> hold them at 16 bits each and <paramref name="seen"/> counts the pushes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly ulong Key(ulong older, ulong recent, int seen) =>
        seen - _lastWide > 8 ? _packed | 0x80 : TokenHasher.Combine(older, recent) | (1UL << 63);
}
