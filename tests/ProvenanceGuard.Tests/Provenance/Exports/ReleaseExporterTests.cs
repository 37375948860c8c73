using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ProvenanceGuard.Pipeline;
using ProvenanceGuard.Provenance.Exports;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Provenance.Exports;

public class ReleaseExporterTests
{
    private static readonly TimeProvider Clock = new FixedClock(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

    private static async Task<(string Release, ProvenanceGuard.Provenance.ReleaseManifest Manifest)> Release(TempFolder temp)
    {
        var release = temp.File("release");
        var result = await PipelineRunner.RunAsync(PipelineLoader.Load(TestCorpus.Write(temp.Path), []),
            new RunOptions { OutputDirectory = release, Scorer = SharedResources.DemoBaseline, Clock = Clock });
        return (release, result.Manifest!);
    }

    [BrownFact]
    public async Task Croissant_in_toto_and_openlineage_describe_the_release_by_its_digests()
    {
        using var temp = new TempFolder();
        var (release, manifest) = await Release(temp);
        await new ReleaseExporter(Clock).ExportAsync(release);

        using var croissant = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(release, "exports", CroissantExport.FileName)));
        var files = croissant.RootElement.GetProperty("distribution").EnumerateArray().Where(d => d.GetProperty("@type").GetString() == "cr:FileObject").ToList();
        Assert.Equal(manifest.Shards.Select(s => (s.File, s.Sha256)), files.Select(f => (f.GetProperty("contentUrl").GetString()!, f.GetProperty("sha256").GetString()!)));
        Assert.Equal("http://mlcommons.org/croissant/1.1", croissant.RootElement.GetProperty("conformsTo").GetString());
        Assert.Contains("flagged synthetic", croissant.RootElement.GetProperty("rai:dataSyntheticShareEstimate").GetString());
        Assert.Equal(manifest.Inputs.Count, croissant.RootElement.GetProperty("prov:wasDerivedFrom").GetArrayLength());

        using var statement = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(release, "exports", InTotoStatement.FileName)));
        Assert.Equal("https://in-toto.io/Statement/v1", statement.RootElement.GetProperty("_type").GetString());
        Assert.Equal(manifest.Shards.Select(s => s.Sha256),
            statement.RootElement.GetProperty("subject").EnumerateArray().Select(s => s.GetProperty("digest").GetProperty("sha256").GetString()));
        var dependencies = statement.RootElement.GetProperty("predicate").GetProperty("buildDefinition").GetProperty("resolvedDependencies");
        Assert.Equal(manifest.Inputs.Count + 1, dependencies.GetArrayLength()); // inputs and the detector model

        var events = File.ReadAllLines(Path.Combine(release, "exports", OpenLineageEvents.FileName)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["START", "COMPLETE"], events.Select(e => e.GetProperty("eventType").GetString()));
        Assert.True(Guid.TryParseExact(events[0].GetProperty("run").GetProperty("runId").GetString(), "D", out _));
        var facet = events[1].GetProperty("outputs")[0].GetProperty("facets").GetProperty("provenanceguard_syntheticShare");
        Assert.Equal(manifest.Shards[0].FlaggedSynthetic, facet.GetProperty("flaggedSynthetic").GetInt64());
    }

    [BrownFact]
    public async Task The_in_toto_statement_is_signed_as_a_DSSE_envelope_that_verifies_only_with_the_release_key()
    {
        using var temp = new TempFolder();
        var (release, _) = await Release(temp);
        var keys = ProvenanceGuard.Provenance.Signing.SigningKeys.Generate(temp.File("keys"));
        var other = ProvenanceGuard.Provenance.Signing.SigningKeys.Generate(temp.File("other"));
        using (var key = ProvenanceGuard.Provenance.Signing.SigningKeys.LoadPrivate(keys.PrivatePath))
            await new ReleaseExporter(Clock).ExportAsync(release, signingKey: key);

        var envelope = ProvenanceGuard.Provenance.Signing.DsseEnvelope.Read(Path.Combine(release, "exports", InTotoStatement.EnvelopeFileName));
        Assert.Equal("application/vnd.in-toto+json", envelope.PayloadType);
        Assert.Equal(File.ReadAllBytes(Path.Combine(release, "exports", InTotoStatement.FileName)), envelope.PayloadBytes());
        using var right = ProvenanceGuard.Provenance.Signing.SigningKeys.LoadPublic(keys.PublicPath);
        using var wrong = ProvenanceGuard.Provenance.Signing.SigningKeys.LoadPublic(other.PublicPath);
        Assert.True(ProvenanceGuard.Provenance.Signing.ManifestSigner.Verifies(envelope, right));
        Assert.False(ProvenanceGuard.Provenance.Signing.ManifestSigner.Verifies(envelope, wrong));
    }

    [BrownFact]
    public async Task OpenLineage_events_are_posted_to_a_collector_and_a_refusal_is_reported()
    {
        using var temp = new TempFolder();
        var (release, _) = await Release(temp);
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var received = new List<string>();
        var serve = Task.Run(async () =>
        {
            for (var i = 0; i < 3; i++)
            {
                var context = await listener.GetContextAsync();
                using var reader = new StreamReader(context.Request.InputStream);
                received.Add(await reader.ReadToEndAsync());
                context.Response.StatusCode = context.Request.Url!.AbsolutePath.Contains("broken") ? 500 : 201;
                context.Response.Close();
            }
        });

        using var http = new HttpClient();
        await new ReleaseExporter(Clock, http).ExportAsync(release, new Uri($"http://127.0.0.1:{port}/api/v1/lineage"));
        Assert.Equal(2, received.Count);
        Assert.Contains("\"eventType\":\"COMPLETE\"", received[1]);

        var e = await Assert.ThrowsAsync<IOException>(() => new ReleaseExporter(Clock, http).ExportAsync(release, new Uri($"http://127.0.0.1:{port}/broken")));
        Assert.Contains("500", e.Message);
        await serve;
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
