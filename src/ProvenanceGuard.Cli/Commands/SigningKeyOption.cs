using System.CommandLine;
using System.Security.Cryptography;
using ProvenanceGuard.Pipeline;
using ProvenanceGuard.Provenance.Signing;

namespace ProvenanceGuard.Cli.Commands;

/// <summary>The --signing-key option of the verbs that write a release, and the key it resolves to (the option, else configuration Signing:Key).</summary>
internal static class SigningKeyOption
{
    public static Option<string?> Create() => new("--signing-key")
    {
        Description = "Sign manifest.json into manifest.sig.json (DSSE, ECDSA P-256) with this PEM private key (default: configuration Signing:Key; none: unsigned)",
    };

    /// <summary>Loads the key before the run starts, so a bad key fails in a second rather than after the whole run.</summary>
    public static ECDsa? Resolve(string? option, PipelineDefinition definition)
    {
        var path = option ?? definition.Signing.Key;
        return string.IsNullOrWhiteSpace(path) ? null : SigningKeys.LoadPrivate(Path.GetFullPath(path));
    }

    /// <summary>Signs the release's manifest when a key was given and a manifest was written; says so on stderr.</summary>
    public static void SignIfKey(ECDsa? key, RunResult result, bool asJson)
    {
        if (key is null || result.Manifest is null) return;
        var envelope = ManifestSigner.SignRelease(result.Directory, key);
        if (!asJson) Console.Error.WriteLine($"signed {ManifestSigner.SignatureFile} with key {envelope.Signatures[0].KeyId}");
    }
}
