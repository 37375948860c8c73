using System.Security.Cryptography;
using System.Text.Json;
using ProvenanceGuard.Curation.Shards;

namespace ProvenanceGuard.Provenance.Signing;

/// <summary>
/// Signs a release's manifest.json into manifest.sig.json, a DSSE envelope whose payload is the manifest's
/// exact bytes, and checks such an envelope against a public key. Signatures are ECDSA P-256 over SHA-256 of
/// the PAE, encoded as r||s (IEEE P1363, as in the DSSE specification's own example); DER is accepted too.
/// </summary>
public static class ManifestSigner
{
    public const string PayloadType = "application/vnd.provenanceguard.manifest+json";
    public const string SignatureFile = "manifest.sig.json";
    public const string ManifestFile = "manifest.json";

    public static DsseEnvelope Sign(ReadOnlySpan<byte> manifest, ECDsa key) => Sign(PayloadType, manifest, key);

    /// <summary>Signs any payload (the manifest, an in-toto statement) into a DSSE envelope of the given type.</summary>
    public static DsseEnvelope Sign(string payloadType, ReadOnlySpan<byte> payload, ECDsa key)
    {
        var signature = key.SignData(PreAuthenticationEncoding.Encode(payloadType, payload), HashAlgorithmName.SHA256,
            DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return new DsseEnvelope(payloadType, Convert.ToBase64String(payload), [new DsseSignature(SigningKeys.KeyId(key), Convert.ToBase64String(signature))]);
    }

    /// <summary>Signs <paramref name="releaseDirectory"/>/manifest.json and writes the envelope beside it (atomically).</summary>
    public static DsseEnvelope SignRelease(string releaseDirectory, ECDsa key)
    {
        var manifestPath = Path.Combine(releaseDirectory, ManifestFile);
        if (!File.Exists(manifestPath)) throw new InvalidDataException($"{manifestPath}: no manifest to sign (the release is incomplete)");
        var envelope = Sign(File.ReadAllBytes(manifestPath), key);
        AtomicFile.WriteAllBytes(Path.Combine(releaseDirectory, SignatureFile), JsonSerializer.SerializeToUtf8Bytes(envelope, DsseEnvelope.JsonOptions));
        return envelope;
    }

    /// <summary>True when any signature of the envelope verifies against <paramref name="key"/> over PAE(payloadType, payload).</summary>
    public static bool Verifies(DsseEnvelope envelope, ECDsa key)
    {
        var pae = PreAuthenticationEncoding.Encode(envelope.PayloadType, envelope.PayloadBytes());
        foreach (var signature in envelope.Signatures)
        {
            byte[] sig;
            try { sig = Base64Either.Decode(signature.Sig, "sig"); }
            catch (InvalidDataException) { continue; }
            var format = sig.Length == 64 ? DSASignatureFormat.IeeeP1363FixedFieldConcatenation : DSASignatureFormat.Rfc3279DerSequence;
            try
            {
                if (key.VerifyData(pae, sig, HashAlgorithmName.SHA256, format)) return true;
            }
            catch (CryptographicException)
            {
                // A malformed DER signature is just a signature that does not verify.
            }
        }
        return false;
    }
}
