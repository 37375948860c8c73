using System.Security.Cryptography;

namespace ProvenanceGuard.Provenance.Signing;

/// <summary>
/// ECDSA P-256 keys as PEM files: the private key as PKCS#8 (signing.pem), the public key as SPKI
/// (signing.pub.pem). A key's id is the SHA-256 of its SPKI bytes, lower-case hex.
/// </summary>
public static class SigningKeys
{
    public const string PrivateKeyFile = "signing.pem";
    public const string PublicKeyFile = "signing.pub.pem";
    private const string P256Oid = "1.2.840.10045.3.1.7";

    /// <summary>Writes a new key pair into <paramref name="directory"/>; refuses to overwrite an existing key unless <paramref name="overwrite"/>.</summary>
    public static (string PrivatePath, string PublicPath, string KeyId) Generate(string directory, bool overwrite = false)
    {
        Directory.CreateDirectory(directory);
        var privatePath = Path.Combine(directory, PrivateKeyFile);
        var publicPath = Path.Combine(directory, PublicKeyFile);
        foreach (var path in new[] { privatePath, publicPath })
            if (File.Exists(path) && !overwrite)
                throw new ConfigurationException($"{path}: already exists; pass --force to replace it (the old key's signatures will no longer verify against the new one)");

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(privatePath, key.ExportPkcs8PrivateKeyPem() + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(privatePath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(publicPath, key.ExportSubjectPublicKeyInfoPem() + "\n");
        return (privatePath, publicPath, KeyId(key));
    }

    /// <summary>Loads a P-256 private key (PKCS#8 or SEC1 PEM) for signing.</summary>
    public static ECDsa LoadPrivate(string path) => Load(path, requirePrivate: true);

    /// <summary>Loads a P-256 public key (SPKI PEM); a private key file also works, its public half is used.</summary>
    public static ECDsa LoadPublic(string path) => Load(path, requirePrivate: false);

    public static string KeyId(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));

    private static ECDsa Load(string path, bool requirePrivate)
    {
        if (!File.Exists(path)) throw new ConfigurationException($"{path}: key file not found");
        var pem = File.ReadAllText(path);
        if (pem.Contains("ENCRYPTED PRIVATE KEY", StringComparison.Ordinal))
            throw new ConfigurationException($"{path}: encrypted private keys are not supported; store the key unencrypted in a secret store");
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new ConfigurationException($"{path}: not a PEM EC key ({e.Message})");
        }
        var parameters = key.ExportParameters(includePrivateParameters: false);
        if (parameters.Curve.Oid?.Value != P256Oid && parameters.Curve.Oid?.FriendlyName is not ("nistP256" or "ECDSA_P256"))
        {
            key.Dispose();
            throw new ConfigurationException($"{path}: the key is not on curve P-256");
        }
        if (requirePrivate)
        {
            try
            {
                key.ExportParameters(includePrivateParameters: true);
            }
            catch (CryptographicException)
            {
                key.Dispose();
                throw new ConfigurationException($"{path}: this is a public key; signing needs the private key ({PrivateKeyFile})");
            }
        }
        return key;
    }
}
