using System.CommandLine;
using ProvenanceGuard.Provenance.Exports;

namespace ProvenanceGuard.Cli.Commands;

/// <summary><c>provguard export RELEASE</c>: Croissant, in-toto/SLSA and OpenLineage metadata for a release.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var release = new Argument<string>("release") { Description = "Release folder" };
        var endpoint = new Option<Uri?>("--openlineage-url") { Description = "Also POST the OpenLineage events to this collector (e.g. http://127.0.0.1:5000/api/v1/lineage)" };
        var key = new Option<string?>("--signing-key") { Description = "Also write exports/provenance.intoto.dsse.json: the in-toto statement signed with this PEM private key (DSSE)" };
        var command = new Command("export", "Write exports/croissant.jsonld, exports/provenance.intoto.json and exports/openlineage.jsonl for a release")
        {
            release, endpoint, key,
        };
        command.SetAction((parse, cancellation) => CliHost.Guard(async () =>
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            using var signingKey = parse.GetValue(key) is { } path ? Provenance.Signing.SigningKeys.LoadPrivate(Path.GetFullPath(path)) : null;
            var files = await new ReleaseExporter(TimeProvider.System, http).ExportAsync(parse.GetValue(release)!, parse.GetValue(endpoint), signingKey, cancellation);
            foreach (var file in files) Console.WriteLine($"wrote {file}");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
