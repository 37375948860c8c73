using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ProvenanceGuard.Formats.Compression;
using ProvenanceGuard.Ingestion;
using ProvenanceGuard.Ingestion.Http;
using ProvenanceGuard.Pipeline;
using ProvenanceGuard.Tests.Support;
using Record = ProvenanceGuard.Records.Record;

using static ProvenanceGuard.Tests.Ingestion.Http.HttpTestInputs;

namespace ProvenanceGuard.Tests.Ingestion.Http;

/// <summary>
/// An http(s) source read from a server that fails at random gives exactly the records of the same file read
/// locally: every line once, in order, with its line number; a source that stays down is one rejected record.
/// </summary>
public class HttpSourceTests
{
    [Theory]
    [InlineData("corpus.jsonl", true)]
    [InlineData("corpus.jsonl", false)]
    [InlineData("corpus.jsonl.gz", true)]
    [InlineData("corpus.jsonl.gz", false)]
    public void A_server_that_drops_errs_and_stalls_at_random_gives_the_records_of_the_local_file(string name, bool supportsRanges)
    {
        using var temp = new TempFolder();
        var plain = Corpus(3000);
        var bytes = name.EndsWith(".gz") ? Gzip(plain) : plain;
        var local = Read(temp.WriteBytes(name, bytes));
        // With ranges every response is cut within 4 KB of where it starts (hundreds of connections); without them
        // a restart begins at byte 0, so cuts fall anywhere in the body and some responses are served whole.
        var plan = supportsRanges
            ? new FaultPlan(ServerError: 0.15, DropMidBody: 1.0, Stall: 0.05, StallMilliseconds: 1000, CutWindow: 4096)
            : new FaultPlan(ServerError: 0.15, DropMidBody: 0.8, Stall: 0.05, SupportsRanges: false, StallMilliseconds: 1000, CutWindow: bytes.Length);
        using var server = new FaultyHttpServer(new() { [name] = bytes }, plan, seed: 1);

        var remote = Read(server.Url(name));

        Assert.True(local.Count > 2900, $"the corpus has {local.Count} records");
        Assert.Contains(local, r => r.Disposition?.Reason == RejectReason.MalformedJson);
        Assert.Equal(Outcomes(local), Outcomes(remote));
        var injected = $"faults injected: {server.Drops} drops, {server.ServerErrors} errors, {server.Stalls} stalls in {server.Requests - 1} requests";
        if (supportsRanges)
        {
            Assert.True(server.Drops > 0 && server.ServerErrors > 0 && server.Stalls > 0, injected);
            Assert.True(server.RangedRequests > 0, "the reader resumed with Range requests");
        }
        else
        {
            Assert.True(server.Drops > 0 && server.InjectedFaults >= 2, injected);
            Assert.Equal(0, server.RangedRequests);
        }
    }

    [Fact]
    public void The_resumable_stream_delivers_every_byte_once_across_drops_and_restarts()
    {
        var bytes = Corpus(2000);
        using var server = new FaultyHttpServer(new() { ["a.jsonl"] = bytes }, new FaultPlan(DropMidBody: 0.7, SupportsRanges: false, CutWindow: bytes.Length), seed: 3);
        using var source = new HttpSource(Fast, new Random(1));
        using var stream = source.Open(new Uri(server.Url("a.jsonl")));
        using var copy = new MemoryStream();

        stream.CopyTo(copy, 4096);

        Assert.Equal(bytes, copy.ToArray());
        Assert.True(stream.Restarts > 0, "the server ignored ranges, so the stream restarted and skipped what it had delivered");
        Assert.Equal(0, stream.RangeResumes);
    }

    [Fact]
    public void A_url_that_is_always_down_becomes_one_unreadable_input_record_naming_it()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens on the port any more: every connection is refused
        var url = $"http://127.0.0.1:{port}/gone.jsonl";

        var records = Read(url, Fast with { MaxRetries = 4 });

        var rejected = Assert.Single(records);
        Assert.Equal(RejectReason.UnreadableInput, rejected.Disposition?.Reason);
        Assert.Contains(url, rejected.RejectMessage);
        Assert.Contains("refused", rejected.RejectMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_server_that_only_answers_500_is_reported_with_the_last_error()
    {
        using var server = new FaultyHttpServer(new() { ["c.jsonl.gz"] = Gzip(Corpus(10)) }, new FaultPlan(ServerError: 1.0), seed: 5, maxRequests: 100);

        var records = Read(server.Url("c.jsonl.gz"), Fast with { MaxRetries = 3 });

        var rejected = Assert.Single(records);
        Assert.Equal(RejectReason.UnreadableInput, rejected.Disposition?.Reason);
        Assert.Contains("HTTP 500", rejected.RejectMessage);
        Assert.Equal(4, server.Requests - 1); // the first attempt and three retries; the accept loop counts one ahead
    }

    [Fact]
    public async Task A_run_with_a_source_that_stays_down_reports_it_and_still_reads_the_other_hosts()
    {
        using var temp = new TempFolder();
        var healthyBytes = Corpus(300);
        using var down = new FaultyHttpServer(new() { ["down.jsonl"] = Corpus(50) }, new FaultPlan(ServerError: 1.0), seed: 2, maxRequests: 500);
        using var healthy = new FaultyHttpServer(new() { ["up.jsonl"] = healthyBytes }, new FaultPlan(), seed: 2);
        var local = IngestTestKit.ReadAll(temp.WriteBytes("up.jsonl", healthyBytes));
        var definition = new PipelineDefinition
        {
            Name = "two-hosts",
            Sources = [new SourceDefinition { Name = "down", Path = down.Url("down.jsonl") }, new SourceDefinition { Name = "up", Path = healthy.Url("up.jsonl") }],
            Steps = [new StepDefinition { Type = "normalize" }],
            Output = new OutputOptions { Lineage = false },
            // The breaker on the failing host opens; the healthy host has its own and never notices.
            Http = Fast with { MaxRetries = 6, BreakerFailureRatio = 0.5, BreakerMinimumThroughput = 3, MaxDelayMilliseconds = 20 },
        };

        var manifest = (await PipelineRunner.RunAsync(new LoadedPipeline(definition, "test", null), new RunOptions { OutputDirectory = temp.File("release") })).Manifest!;

        Assert.True(manifest.Dispositions.Conserved);
        Assert.Equal(1 + local.Count, manifest.Dispositions.In);
        Assert.Equal(1, manifest.RejectedByReason[RejectReason.UnreadableInput]);
        Assert.Equal(local.Count(r => r.Disposition is null), manifest.Dispositions.Kept);
        var reported = Assert.Single(ReleaseFiles.Lines(temp.File("release/rejected.jsonl.gz")), r => r.GetProperty("reason").GetString() == RejectReason.UnreadableInput);
        Assert.Contains(down.Url("down.jsonl"), reported.ToString());
        Assert.StartsWith("unreadable: ", manifest.Inputs[0].Sha256);
    }

    [Fact]
    public void The_circuit_breaker_spares_a_host_that_keeps_failing()
    {
        using var server = new FaultyHttpServer(new() { ["d.jsonl"] = Corpus(10) }, new FaultPlan(ServerError: 1.0), seed: 5, maxRequests: 200);
        var options = Fast with
        {
            MaxRetries = 30, BaseDelayMilliseconds = 1, MaxDelayMilliseconds = 5, BreakerFailureRatio = 0.5, BreakerMinimumThroughput = 5, BreakMilliseconds = 500,
        };

        var records = Read(server.Url("d.jsonl"), options);

        var rejected = Assert.Single(records);
        Assert.Equal(RejectReason.UnreadableInput, rejected.Disposition?.Reason);
        Assert.Contains("HTTP 500", rejected.RejectMessage);
        // 31 attempts were made; once the circuit opened, the ones inside the break never reached the server.
        Assert.InRange(server.Requests - 1, 5, 15);
    }

    [Fact]
    public void A_missing_object_is_not_retried()
    {
        using var server = new FaultyHttpServer(new(), new FaultPlan(), seed: 5, maxRequests: 100);

        var records = Read(server.Url("nothing-here.jsonl"));

        var rejected = Assert.Single(records);
        Assert.Equal(RejectReason.UnreadableInput, rejected.Disposition?.Reason);
        Assert.Contains("HTTP 404", rejected.RejectMessage);
        Assert.Equal(1, server.Requests - 1);
    }

    [Fact]
    public async Task A_run_over_a_flaky_url_releases_the_same_dispositions_as_a_run_over_the_local_file()
    {
        using var temp = new TempFolder();
        var bytes = Gzip(Corpus(2500));
        var file = temp.WriteBytes("local/crawl.jsonl.gz", bytes);
        using var server = new FaultyHttpServer(new() { ["crawl.jsonl.gz"] = bytes },
            new FaultPlan(ServerError: 0.15, DropMidBody: 1.0, Stall: 0.05, StallMilliseconds: 1000, CutWindow: 8192), seed: 23);

        async Task<ProvenanceGuard.Provenance.ReleaseManifest> Run(string path, string release)
        {
            var definition = new PipelineDefinition
            {
                Name = "http-test",
                Sources = [new SourceDefinition { Name = "crawl", Path = path }],
                Steps = [new StepDefinition { Type = "normalize" }, new StepDefinition { Type = "dedup" }],
                Output = new OutputOptions { ShardRows = 500, Lineage = false },
                Http = Fast,
            };
            var result = await PipelineRunner.RunAsync(new LoadedPipeline(definition, "test", null), new RunOptions { OutputDirectory = release });
            return result.Manifest!;
        }

        var local = await Run(file, temp.File("local-release"));
        var remote = await Run(server.Url("crawl.jsonl.gz"), temp.File("remote-release"));

        Assert.True(remote.Dispositions.Conserved);
        Assert.Equal(local.Dispositions.In, remote.Dispositions.In);
        Assert.Equal(local.Inputs[0].Sha256, remote.Inputs[0].Sha256);
        Assert.Equal(
            ReleaseFiles.Dispositions(temp.File("local-release")).Select(d => d.ToString()),
            ReleaseFiles.Dispositions(temp.File("remote-release")).Select(d => d.ToString()));
        Assert.Equal(ReleaseFiles.ShardBytes(temp.File("local-release")), ReleaseFiles.ShardBytes(temp.File("remote-release")));
        Assert.True(server.InjectedFaults > 0);
    }
}
