using System.Text.Json;
using System.Text.Json.Serialization;

namespace ProvenanceGuard.Provenance.Signing;

/// <summary>
/// A DSSE envelope (secure-systems-lab/dsse, envelope.md): the base64 payload, its type, and signatures over
/// the PAE of both. The same envelope carries an in-toto statement, so the manifest's signature can serve
/// an in-toto export unchanged (schemas/signature-envelope.schema.json).
/// </summary>
public sealed record DsseEnvelope(
    [property: JsonPropertyName("payloadType")] string PayloadType,
    [property: JsonPropertyName("payload")] string Payload,
    [property: JsonPropertyName("signatures")] IReadOnlyList<DsseSignature> Signatures)
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Reads an envelope, naming the file in every error.</summary>
    public static DsseEnvelope Read(string path)
    {
        DsseEnvelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<DsseEnvelope>(File.ReadAllBytes(path), JsonOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a DSSE envelope: {e.Message}");
        }
        if (envelope is null || envelope.PayloadType is null || envelope.Payload is null || envelope.Signatures is null)
            throw new InvalidDataException($"{path}: not a DSSE envelope: payloadType, payload and signatures are required");
        if (envelope.Signatures.Any(s => s?.Sig is null))
            throw new InvalidDataException($"{path}: not a DSSE envelope: every signature needs a 'sig'");
        return envelope;
    }

    /// <summary>The payload bytes; DSSE verifiers must accept standard and URL-safe base64 alike.</summary>
    public byte[] PayloadBytes() => Base64Either.Decode(Payload, "payload");
}

/// <summary>One signature of an envelope: the signer's key id (a hint only, never trusted) and the base64 signature.</summary>
public sealed record DsseSignature(
    [property: JsonPropertyName("keyid")] string? KeyId,
    [property: JsonPropertyName("sig")] string Sig);

/// <summary>Base64 in either alphabet (standard or URL-safe), padded or not, as DSSE requires verifiers to accept.</summary>
public static class Base64Either
{
    public static byte[] Decode(string text, string what)
    {
        var standard = text.Replace('-', '+').Replace('_', '/').TrimEnd('=');
        standard = standard.PadRight(standard.Length + (4 - standard.Length % 4) % 4, '=');
        try
        {
            return Convert.FromBase64String(standard);
        }
        catch (FormatException)
        {
            throw new InvalidDataException($"{what}: not valid base64");
        }
    }
}
