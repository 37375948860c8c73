using ProvenanceGuard.Formats.Parquet;
using ProvenanceGuard.Pipeline;
using ProvenanceGuard.Tests.Formats.Parquet;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Pipeline;

/// <summary>Parquet end to end: a corpus in Parquet goes in, Parquet shards come out, and DuckDB agrees with both.</summary>
public class ParquetPipelineTests
{
    private static Task<RunResult> Run(LoadedPipeline pipeline, string release, int rank = 0, int world = 1) =>
        PipelineRunner.RunAsync(pipeline, new RunOptions { OutputDirectory = release, Rank = rank, World = world, Scorer = SharedResources.DemoBaseline });

    private static LoadedPipeline ParquetShards(string pipeline) =>
        PipelineLoader.Load(pipeline, [], new Dictionary<string, string?> { ["output:shardFormat"] = "parquet" });

    [BrownFact]
    public async Task Parquet_shards_hold_exactly_the_kept_records_and_merge_byte_for_byte()
    {
        using var temp = new TempFolder();
        var pipeline = ParquetShards(TestCorpus.Write(temp.Path));
        var single = (await Run(pipeline, temp.File("single"))).Manifest!;

        Assert.All(single.Shards, s => Assert.EndsWith(".parquet", s.File));
        var rows = single.Shards.SelectMany(s =>
        {
            using var reader = ParquetFileReader.Open(Path.Combine(temp.File("single"), s.File));
            return reader.ReadRows("id", "shard_row", "content_sha256").ToList();
        }).ToList();
        Assert.Equal(single.Dispositions.Kept, rows.Count);
        var kept = ReleaseFiles.Dispositions(temp.File("single")).Where(d => d.GetProperty("disposition").GetString() == "kept")
            .Select(d => (d.GetProperty("id").GetString(), d.GetProperty("row").GetInt64())).ToList();
        Assert.Equal(kept, rows.Select(r => ((string?)r[0], (long)r[1]!)));

        for (var rank = 0; rank < 2; rank++) await Run(pipeline, temp.File("split"), rank, 2);
        await PipelineRunner.MergeAsync(temp.File("split"), new RunOptions { OutputDirectory = temp.File("split") });
        Assert.Equal(ReleaseFiles.ShardBytes(temp.File("single")), ReleaseFiles.ShardBytes(temp.File("split")));
    }

    [OracleFact]
    public async Task DuckDB_reads_the_shards_and_writes_a_corpus_we_ingest()
    {
        using var temp = new TempFolder();
        var pipeline = TestCorpus.Write(temp.Path);
        var manifest = (await Run(ParquetShards(pipeline), temp.File("release"))).Manifest!;

        // DuckDB counts the shards' rows, and writes the kept texts back out as a new Parquet corpus.
        var shards = DuckDbOracle.Quote(Path.Combine(temp.File("release"), "shards", "*.parquet"));
        var corpus = temp.File("from-duckdb.parquet");
        DuckDbOracle.Run([
            new($"SELECT count(*)::INTEGER AS n, count(DISTINCT content_sha256)::INTEGER AS distinct_texts FROM read_parquet({shards})", temp.File("count.jsonl")),
            new($"COPY (SELECT id, text FROM read_parquet({shards}) ORDER BY id) TO {DuckDbOracle.Quote(corpus)} (FORMAT parquet, COMPRESSION snappy)"),
        ], temp.Path);
        var count = Assert.Single(DuckDbOracle.ReadRows(temp.File("count.jsonl")));
        Assert.Equal(manifest.Dispositions.Kept, count.GetProperty("n").GetInt64());
        Assert.Equal(manifest.Dispositions.Kept, count.GetProperty("distinct_texts").GetInt64());

        var again = await Run(PipelineLoader.WithInputs(PipelineLoader.Load(pipeline, []), [corpus]), temp.File("again"));
        Assert.Equal(manifest.Dispositions.Kept, again.Manifest!.Dispositions.In);
        Assert.Equal(0, again.Manifest.Dispositions.Duplicate);
        Assert.Equal("parquet", Assert.Single(again.Manifest.Inputs).Format);
    }

    [Fact]
    public void A_parquet_file_without_the_text_column_is_one_rejected_record_naming_it()
    {
        using var temp = new TempFolder();
        var path = temp.File("no-text.parquet");
        using (var file = File.Create(path))
        using (var writer = new ParquetFileWriter(file, [ParquetColumnSpec.String("body")]))
        {
            writer.WriteString(0, "some text");
            writer.EndRow();
            writer.Finish();
        }
        var record = Assert.Single(Ingestion.IngestTestKit.ReadAll(path));
        Assert.Equal(ProvenanceGuard.Ingestion.RejectReason.UnreadableInput, record.Disposition!.Reason);
        Assert.Contains("no text field 'text'", record.RejectMessage);
    }
}

/// <summary>The release gate reads Parquet shards as it reads JSONL ones.</summary>
public class ParquetGateTests
{
    [BrownFact]
    public async Task A_signed_release_of_parquet_shards_passes_the_gate_and_a_flipped_byte_fails_it()
    {
        using var temp = new TempFolder();
        var pipeline = TestCorpus.Write(temp.Path);
        var loaded = PipelineLoader.Load(pipeline, [], new Dictionary<string, string?> { ["output:shardFormat"] = "parquet" });
        var release = temp.File("release");
        await PipelineRunner.RunAsync(loaded, new RunOptions { OutputDirectory = release, Scorer = SharedResources.DemoBaseline });
        var keys = ProvenanceGuard.Provenance.Signing.SigningKeys.Generate(temp.File("keys"));
        using (var key = ProvenanceGuard.Provenance.Signing.SigningKeys.LoadPrivate(keys.PrivatePath))
            ProvenanceGuard.Provenance.Signing.ManifestSigner.SignRelease(release, key);
        using var publicKey = ProvenanceGuard.Provenance.Signing.SigningKeys.LoadPublic(keys.PublicPath);

        var report = ProvenanceGuard.Provenance.Gate.ReleaseGate.Check(release, loaded.Definition.Policy, publicKey);
        Assert.True(report.Passed, string.Join("\n", report.Failures));
        Assert.Equal(ReleaseFiles.Manifest(release).Shards.Sum(s => s.Rows), report.Shards.Sum(s => s.Rows));

        var shard = Directory.GetFiles(Path.Combine(release, "shards"), "*.parquet").Order().First();
        var bytes = File.ReadAllBytes(shard);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(shard, bytes);
        var tampered = ProvenanceGuard.Provenance.Gate.ReleaseGate.Check(release, loaded.Definition.Policy, publicKey);
        Assert.False(tampered.Passed);
        Assert.Contains(tampered.Failures, f => f.Code == "file_digest_mismatch");
    }
}
