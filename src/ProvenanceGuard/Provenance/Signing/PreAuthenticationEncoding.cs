using System.Globalization;
using System.Text;

namespace ProvenanceGuard.Provenance.Signing;

/// <summary>
/// DSSE's pre-authentication encoding: what is actually signed, so that the payload type is authenticated
/// together with the payload. PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, where
/// LEN is the decimal byte length and type is UTF-8 (secure-systems-lab/dsse, protocol.md).
/// </summary>
public static class PreAuthenticationEncoding
{
    public static byte[] Encode(string payloadType, ReadOnlySpan<byte> body)
    {
        var type = Encoding.UTF8.GetBytes(payloadType);
        var header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"DSSEv1 {type.Length} "));
        var middle = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $" {body.Length} "));
        var result = new byte[header.Length + type.Length + middle.Length + body.Length];
        header.CopyTo(result, 0);
        type.CopyTo(result, header.Length);
        middle.CopyTo(result, header.Length + type.Length);
        body.CopyTo(result.AsSpan(header.Length + type.Length + middle.Length));
        return result;
    }
}
