using System.CommandLine;
using ProvenanceGuard.Provenance.Signing;

namespace ProvenanceGuard.Cli.Commands;

/// <summary><c>provguard keys generate --out DIR</c>: a new ECDSA P-256 key pair for signing release manifests.</summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out", "-o") { Description = "Folder for signing.pem (PKCS#8 private key, mode 0600) and signing.pub.pem (SPKI public key)", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace an existing key pair" };
        var generate = new Command("generate", "Generate an ECDSA P-256 key pair for signing manifests") { output, force };
        generate.SetAction(parse => CliHost.Guard(() =>
        {
            var (privatePath, publicPath, keyId) = SigningKeys.Generate(parse.GetValue(output)!, parse.GetValue(force));
            Console.WriteLine($"private key {privatePath} (keep it secret)");
            Console.WriteLine($"public key  {publicPath} (give it to whoever runs provguard gate)");
            Console.WriteLine($"key id      {keyId}");
            return Task.FromResult(ExitCodes.Ok);
        }).GetAwaiter().GetResult());
        return new Command("keys", "Signing keys for release manifests") { generate };
    }
}
