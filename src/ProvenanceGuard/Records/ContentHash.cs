using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace ProvenanceGuard.Records;

/// <summary>SHA-256 of a text's UTF-8 bytes, as lower-case hex: the record's content identity.</summary>
public static class ContentHash
{
    public static string Of(string normalizedText)
    {
        var max = Encoding.UTF8.GetMaxByteCount(normalizedText.Length);
        var rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var length = Encoding.UTF8.GetBytes(normalizedText, rented);
            return Of(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public static string Of(ReadOnlySpan<byte> bytes)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(bytes, digest);
        return Convert.ToHexStringLower(digest);
    }
}
