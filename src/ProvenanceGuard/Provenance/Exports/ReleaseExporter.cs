using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProvenanceGuard.Curation.Shards;
using ProvenanceGuard.Pipeline;

namespace ProvenanceGuard.Provenance.Exports;

/// <summary>Writes a release's standard metadata into RELEASE/exports/ and, when asked, posts the OpenLineage events to a collector.</summary>
public sealed class ReleaseExporter(TimeProvider clock, HttpClient? http = null)
{
    public const string Folder = "exports";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <param name="signingKey">When given, the in-toto statement is also written signed, as a DSSE envelope (<see cref="InTotoStatement.EnvelopeFileName"/>).</param>
    public async Task<IReadOnlyList<string>> ExportAsync(string release, Uri? openLineageEndpoint = null, System.Security.Cryptography.ECDsa? signingKey = null,
        CancellationToken cancellation = default)
    {
        var manifestPath = Path.Combine(release, PipelineRunner.ManifestFile);
        if (!File.Exists(manifestPath)) throw new InvalidDataException($"{release}: no manifest.json; the release is incomplete");
        var manifest = JsonSerializer.Deserialize<ReleaseManifest>(File.ReadAllBytes(manifestPath), ReleaseManifest.JsonOptions)!;
        var folder = Path.Combine(release, Folder);
        Directory.CreateDirectory(folder);
        var now = clock.GetUtcNow();

        var statement = InTotoStatement.Build(manifest, now).ToJsonString(Indented);
        var written = new List<string>
        {
            Write(Path.Combine(folder, CroissantExport.FileName), CroissantExport.Build(manifest).ToJsonString(Indented)),
            Write(Path.Combine(folder, InTotoStatement.FileName), statement),
        };
        if (signingKey is not null)
        {
            var envelope = Signing.ManifestSigner.Sign(InTotoStatement.PayloadType, Encoding.UTF8.GetBytes(statement), signingKey);
            written.Add(Write(Path.Combine(folder, InTotoStatement.EnvelopeFileName), JsonSerializer.Serialize(envelope, Signing.DsseEnvelope.JsonOptions)));
        }
        var events = OpenLineageEvents.Build(manifest, release, now);
        written.Add(Write(Path.Combine(folder, OpenLineageEvents.FileName), string.Join("\n", events.Select(e => e.ToJsonString())) + "\n"));

        if (openLineageEndpoint is not null)
        {
            var client = http ?? throw new InvalidOperationException("an HttpClient is needed to post OpenLineage events");
            foreach (var runEvent in events)
            {
                using var response = await client.PostAsJsonAsync(openLineageEndpoint, runEvent, cancellation);
                if (!response.IsSuccessStatusCode)
                    throw new IOException($"OpenLineage endpoint {openLineageEndpoint} answered {(int)response.StatusCode} {response.ReasonPhrase} to the {runEvent["eventType"]} event");
            }
        }
        return written;
    }

    private static string Write(string path, string content)
    {
        AtomicFile.WriteAllBytes(path, Encoding.UTF8.GetBytes(content));
        return path;
    }
}
