using System.Security.Cryptography;
using ProvenanceGuard.Provenance.Signing;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Provenance;

/// <summary>Key files as `provguard keys generate` writes them and as `run` and `gate` read them.</summary>
public class SigningKeysTests
{
    [Fact]
    public void Generate_writes_a_pkcs8_private_key_and_an_spki_public_key_that_belong_together()
    {
        using var temp = new TempFolder();
        var (privatePath, publicPath, keyId) = SigningKeys.Generate(temp.Path);

        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(privatePath));
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", File.ReadAllText(publicPath));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(privatePath));
        using var signer = SigningKeys.LoadPrivate(privatePath);
        using var verifier = SigningKeys.LoadPublic(publicPath);
        Assert.Equal(keyId, SigningKeys.KeyId(verifier));
        Assert.True(ManifestSigner.Verifies(ManifestSigner.Sign("{}"u8, signer), verifier));
    }

    [Fact]
    public void Generate_refuses_to_overwrite_an_existing_key()
    {
        using var temp = new TempFolder();
        var first = SigningKeys.Generate(temp.Path);
        var error = Assert.Throws<ConfigurationException>(() => SigningKeys.Generate(temp.Path));
        Assert.Contains("--force", error.Message);
        Assert.NotEqual(first.KeyId, SigningKeys.Generate(temp.Path, overwrite: true).KeyId);
    }

    [Fact]
    public void Bad_key_files_are_configuration_errors_naming_the_file()
    {
        using var temp = new TempFolder();
        var (_, publicPath, _) = SigningKeys.Generate(temp.Path);
        using (var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384)) temp.Write("p384.pem", p384.ExportPkcs8PrivateKeyPem());
        temp.Write("junk.pem", "not a key");

        Assert.Contains("public key", Assert.Throws<ConfigurationException>(() => SigningKeys.LoadPrivate(publicPath)).Message);
        Assert.Contains("P-256", Assert.Throws<ConfigurationException>(() => SigningKeys.LoadPublic(temp.File("p384.pem"))).Message);
        Assert.Contains("junk.pem", Assert.Throws<ConfigurationException>(() => SigningKeys.LoadPublic(temp.File("junk.pem"))).Message);
        Assert.Contains("not found", Assert.Throws<ConfigurationException>(() => SigningKeys.LoadPublic(temp.File("absent.pem"))).Message);
    }
}
