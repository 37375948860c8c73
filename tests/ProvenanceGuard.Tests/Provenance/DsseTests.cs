using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using ProvenanceGuard.Provenance.Signing;

namespace ProvenanceGuard.Tests.Provenance;

/// <summary>The DSSE envelope and its pre-authentication encoding, checked against the specification's published examples.</summary>
public class DsseTests
{
    [Fact]
    public void PAE_matches_the_specification_example()
    {
        // secure-systems-lab/dsse protocol.md, "Test Vectors".
        var pae = PreAuthenticationEncoding.Encode("http://example.com/HelloWorld", "hello world"u8);
        Assert.Equal("DSSEv1 29 http://example.com/HelloWorld 11 hello world", Encoding.ASCII.GetString(pae));
    }

    [Theory]
    // secure-systems-lab/dsse testvectors/vectors.json: the type's length is its UTF-8 byte length, and an empty body still ends in a space.
    [InlineData("application/vnd.exämple+json", "{\"_type\":\"https://in-toto.io/Statement/v1\"}",
        "445353457631203239206170706c69636174696f6e2f766e642e6578c3a46d706c652b6a736f6e203433207b225f74797065223a2268747470733a2f2f696e2d746f746f2e696f2f53746174656d656e742f7631227d")]
    [InlineData("application/vnd.in-toto+json", "",
        "445353457631203238206170706c69636174696f6e2f766e642e696e2d746f746f2b6a736f6e203020")]
    public void PAE_matches_the_published_vectors(string type, string body, string expectedHex)
    {
        Assert.Equal(expectedHex, Convert.ToHexStringLower(PreAuthenticationEncoding.Encode(type, Encoding.UTF8.GetBytes(body))));
    }

    [Fact]
    public void The_specification_example_signature_verifies_with_its_public_key()
    {
        // protocol.md: ECDSA P-256/SHA-256, signature r||s, key given as decimal X and Y.
        using var key = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint
            {
                X = Bytes32("46950820868899156662930047687818585632848591499744589407958293238635476079160"),
                Y = Bytes32("5640078356564379163099075877009565129882514886557779369047442380624545832820"),
            },
        });
        var envelope = new DsseEnvelope("http://example.com/HelloWorld", "aGVsbG8gd29ybGQ=",
            [new DsseSignature(null, "A3JqsQGtVsJ2O2xqrI5IcnXip5GToJ3F+FnZ+O88SjtR6rDAajabZKciJTfUiHqJPcIAriEGAHTVeCUjW2JIZA==")]);

        Assert.True(ManifestSigner.Verifies(envelope, key));
        Assert.False(ManifestSigner.Verifies(envelope with { Payload = Convert.ToBase64String("hello world!"u8) }, key));
        Assert.False(ManifestSigner.Verifies(envelope with { PayloadType = "http://example.com/Other" }, key), "the payload type is signed too");
    }

    [Fact]
    public void A_signed_manifest_verifies_only_with_its_own_key_and_only_unchanged()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var manifest = "{\"runId\":\"x\"}"u8.ToArray();
        var envelope = ManifestSigner.Sign(manifest, key);

        Assert.Equal(ManifestSigner.PayloadType, envelope.PayloadType);
        Assert.Equal(manifest, envelope.PayloadBytes());
        Assert.Equal(SigningKeys.KeyId(key), Assert.Single(envelope.Signatures).KeyId);
        Assert.True(ManifestSigner.Verifies(envelope, key));
        Assert.False(ManifestSigner.Verifies(envelope, other));
        Assert.False(ManifestSigner.Verifies(envelope with { Payload = Convert.ToBase64String("{\"runId\":\"y\"}"u8) }, key));
    }

    [Fact]
    public void Verifiers_accept_url_safe_base64_and_der_signatures()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var payload = new byte[] { 0xfb, 0xff, 0xbf, 0x3e, 0x3f }; // base64 with + and /
        var pae = PreAuthenticationEncoding.Encode(ManifestSigner.PayloadType, payload);
        var der = key.SignData(pae, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var urlSafe = Convert.ToBase64String(payload).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        var envelope = new DsseEnvelope(ManifestSigner.PayloadType, urlSafe, [new DsseSignature(null, Convert.ToBase64String(der))]);

        Assert.Equal(payload, envelope.PayloadBytes());
        Assert.True(ManifestSigner.Verifies(envelope, key));
    }

    private static byte[] Bytes32(string decimalValue)
    {
        var bytes = BigInteger.Parse(decimalValue).ToByteArray(isUnsigned: true, isBigEndian: true);
        return new byte[32 - bytes.Length].Concat(bytes).ToArray();
    }
}
