using System.Text;
using System.Text.Json;
using ProvenanceGuard.Curation;
using ProvenanceGuard.Pipeline;
using ProvenanceGuard.Provenance.Gate;
using ProvenanceGuard.Provenance.Signing;
using ProvenanceGuard.Provenance.Watermark;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Provenance.Fusion;

/// <summary>The pipeline's fusion section: every scored record gets p_synthetic with its evidence in lineage, and the curator and gate judge by it.</summary>
public class FusionPipelineTests
{
    private const string WatermarkKey = "fusion-test-key";

    private static readonly string[] Words =
    [
        "river", "engine", "quietly", "harvest", "committee", "velvet", "granite", "whisper", "ledger", "orchard", "lantern", "copper",
        "meadow", "brittle", "thunder", "saddle", "parish", "verdict", "canvas", "oyster", "gallery", "tremor", "harbor", "mosaic",
        "falcon", "timber", "cobalt", "summit", "garnet", "willow", "cactus", "pepper", "marble", "fossil", "beacon", "hollow",
    ];

    /// <summary>An unpredictable word salad (the demo's baseline detector reads it as human) of <paramref name="words"/> words.</summary>
    private static string HumanLike(Random random, int words) =>
        string.Join(' ', Enumerable.Range(0, words).Select(_ => Words[random.Next(Words.Length)])) + ".";

    /// <summary>The same kind of text, but every word chosen green under the key's context green list: a watermark at full strength.</summary>
    private static string Watermarked(Random random, int words)
    {
        var green = new GreenList(WatermarkKey, new WatermarkOptions());
        var chosen = new List<string> { Words[random.Next(Words.Length)] };
        while (chosen.Count < words)
        {
            var context = WordIds.Of(chosen[^1])[0];
            chosen.Add(Words.OrderBy(_ => random.Next()).First(w => green.IsGreen(context, WordIds.Of(w)[0])));
        }
        return string.Join(' ', chosen) + ".";
    }

    private static string WriteCorpus(TempFolder folder, bool fusion, double maxShare = 0.0)
    {
        var random = new Random(3);
        var lines = new StringBuilder();
        void Line(object record) => lines.Append(JsonSerializer.Serialize(record)).Append('\n');
        for (var i = 0; i < 60; i++) Line(new { id = $"plain-{i}", text = HumanLike(random, 60) });
        Line(new { id = "declared", text = HumanLike(random, 60), generated_by = "some-llm-v2" });
        Line(new { id = "watermarked", text = Watermarked(random, 80) });
        Line(new { id = "archived", text = HumanLike(random, 60), url = "https://www.archive.example/1998/letters", published_at = "1998-05-02" });
        Line(new { id = "farm", text = HumanLike(random, 60), url = "https://content.farm.example/post/9" });
        lines.Append("{\"id\": \"broken\", \"text\": \n");
        folder.Write("in.jsonl", lines.ToString());
        var fusionSection = fusion
            ? $$""", "fusion": { "allowSources": ["archive.example"], "denySources": ["farm.example"], "defaultPrior": 0.2, "watermark": { "key": "{{WatermarkKey}}" } }"""
            : "";
        return folder.Write("pipeline.json", $$"""
            {
              "name": "fusion-test",
              "sources": [ { "name": "web", "path": "in.jsonl" } ],
              "steps": [ { "type": "normalize" }, { "type": "detect" }, { "type": "dedup" }, { "type": "quota" } ],
              "policy": { "maxSyntheticShare": {{maxShare.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "syntheticThreshold": 0.5 },
              "output": { "shardRows": 1000 },
              "detector": { "model": "models/baseline-unigram-surprisal-demo.json" }{{fusionSection}}
            }
            """);
    }

    private static async Task<(string Release, LoadedPipeline Pipeline, Dictionary<string, JsonElement> ById)> Run(TempFolder folder, bool fusion)
    {
        var loaded = PipelineLoader.Load(WriteCorpus(folder, fusion), []);
        var release = folder.File("release");
        await PipelineRunner.RunAsync(loaded, new RunOptions { OutputDirectory = release, Scorer = SharedResources.DemoBaseline });
        return (release, loaded, ReleaseFiles.Dispositions(release).ToDictionary(d => d.GetProperty("id").GetString()!));
    }

    private static string FuseDecision(JsonElement disposition) =>
        disposition.GetProperty("lineage").EnumerateArray().Single(e => e.GetProperty("stage").GetString() == "fuse").GetProperty("decision").GetString()!;

    [BrownFact]
    public async Task A_declared_generator_or_a_watermark_hit_makes_a_human_looking_text_synthetic_and_the_quota_drops_it()
    {
        using var folder = new TempFolder();
        var (_, _, byId) = await Run(folder, fusion: true);

        foreach (var id in new[] { "declared", "watermarked" })
        {
            var record = byId[id];
            Assert.True(record.GetProperty("p_machine").GetDouble() < 0.5, $"{id} must read as human to the detector for this test to mean anything");
            Assert.Equal(1.0, record.GetProperty("p_synthetic").GetDouble());
            Assert.Contains("decisive", FuseDecision(record));
            Assert.Equal("rejected", record.GetProperty("disposition").GetString());
            Assert.Equal(CurationReason.QuotaExceeded, record.GetProperty("reason").GetString());
        }
        Assert.Contains("declared generated_by=some-llm-v2", FuseDecision(byId["declared"]));
        Assert.Contains("watermark hit (z=", FuseDecision(byId["watermarked"]));
    }

    [BrownFact]
    public async Task Source_lists_and_a_pre_era_date_move_the_prior_and_lineage_lists_every_piece_of_evidence()
    {
        using var folder = new TempFolder();
        var (_, _, byId) = await Run(folder, fusion: true);

        var plain = byId["plain-0"];
        Assert.StartsWith("p_synthetic=", FuseDecision(plain));
        Assert.Contains("prior 0.2 (default)", FuseDecision(plain));
        Assert.Contains("detector log-likelihood ratio", FuseDecision(plain));
        Assert.Contains("source on allow list: archive.example", FuseDecision(byId["archived"]));
        Assert.Contains("published 1998-05-02 before the synthetic era", FuseDecision(byId["archived"]));
        Assert.Contains("source on deny list: farm.example", FuseDecision(byId["farm"]));
        // Same kind of text, different evidence: the archive's P(synthetic) is far below a default record's, the farm's far above.
        var plainP = byId.Values.Where(d => d.GetProperty("id").GetString()!.StartsWith("plain-")).Average(d => d.GetProperty("p_synthetic").GetDouble());
        Assert.True(byId["archived"].GetProperty("p_synthetic").GetDouble() < plainP / 10, $"archived vs mean plain {plainP}");
        Assert.True(byId["farm"].GetProperty("p_synthetic").GetDouble() > 5 * plainP, $"a deny-listed source starts at prior 0.9 (mean plain {plainP})");
    }

    [BrownFact]
    public async Task A_fused_release_writes_p_synthetic_into_shards_and_passes_a_gate_holding_its_policy()
    {
        using var folder = new TempFolder();
        var loaded = PipelineLoader.Load(WriteCorpus(folder, fusion: true, maxShare: 0.05), []);
        var release = folder.File("release");
        await PipelineRunner.RunAsync(loaded, new RunOptions { OutputDirectory = release, Scorer = SharedResources.DemoBaseline });
        var keys = SigningKeys.Generate(folder.File("keys"));
        using (var key = SigningKeys.LoadPrivate(keys.PrivatePath)) ManifestSigner.SignRelease(release, key);

        var rows = Directory.EnumerateFiles(Path.Combine(release, "shards")).SelectMany(ReleaseFiles.Lines).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.True(r.TryGetProperty("p_synthetic", out _), "every kept row carries p_synthetic"));
        var flagged = rows.Count(r => r.GetProperty("p_synthetic").GetDouble() >= 0.5);
        Assert.True(flagged <= 0.05 * rows.Count + 1e-9, $"{flagged} of {rows.Count} kept rows are synthetic by p_synthetic");
        Assert.Equal(flagged, ReleaseFiles.Manifest(release).Shards.Sum(s => s.FlaggedSynthetic));
        using var publicKey = SigningKeys.LoadPublic(keys.PublicPath);
        var report = ReleaseGate.Check(release, loaded.Definition.Policy, publicKey);
        Assert.True(report.Passed, string.Join("\n", report.Failures));

        // The lineage store keeps p_synthetic and counts flagged records by it, as the manifest does.
        using var lineage = ProvenanceGuard.Lineage.LineageStore.Open(release);
        Assert.Equal(1.0, lineage.Trace("declared").Single().PSynthetic);
        Assert.Equal(flagged, lineage.Source("web").KeptFlaggedSynthetic);
    }

    [BrownFact]
    public async Task Parquet_shards_carry_p_synthetic_and_the_gate_judges_them_by_it()
    {
        using var folder = new TempFolder();
        var loaded = PipelineLoader.Load(WriteCorpus(folder, fusion: true, maxShare: 0.05), [],
            new Dictionary<string, string?> { ["output:shardFormat"] = "parquet" });
        var release = folder.File("release");
        await PipelineRunner.RunAsync(loaded, new RunOptions { OutputDirectory = release, Scorer = SharedResources.DemoBaseline });
        var keys = SigningKeys.Generate(folder.File("keys"));
        using (var key = SigningKeys.LoadPrivate(keys.PrivatePath)) ManifestSigner.SignRelease(release, key);

        var fused = new List<double?>();
        foreach (var shard in Directory.EnumerateFiles(Path.Combine(release, "shards"), "*.parquet"))
        {
            using var reader = ProvenanceGuard.Formats.Parquet.ParquetFileReader.Open(shard);
            fused.AddRange(reader.ReadRows("p_synthetic").Select(row => (double?)row[0]));
        }
        Assert.NotEmpty(fused);
        Assert.All(fused, p => Assert.NotNull(p));
        var flagged = fused.Count(p => p >= 0.5);
        Assert.Equal(flagged, ReleaseFiles.Manifest(release).Shards.Sum(s => s.FlaggedSynthetic));
        using var publicKey = SigningKeys.LoadPublic(keys.PublicPath);
        var report = ReleaseGate.Check(release, loaded.Definition.Policy, publicKey);
        Assert.True(report.Passed, string.Join("\n", report.Failures));
        Assert.Equal(flagged, report.Shards.Sum(s => s.FlaggedSynthetic));
    }

    [BrownFact]
    public async Task Tasks_merged_keep_p_synthetic_and_equal_one_fused_run()
    {
        using var folder = new TempFolder();
        var loaded = PipelineLoader.Load(WriteCorpus(folder, fusion: true, maxShare: 0.05), [], new Dictionary<string, string?> { ["executor:splitBytes"] = "4096" });
        var single = folder.File("single");
        await PipelineRunner.RunAsync(loaded, new RunOptions { OutputDirectory = single, Scorer = SharedResources.DemoBaseline });
        var split = folder.File("split");
        for (var rank = 0; rank < 2; rank++)
            await PipelineRunner.RunAsync(loaded, new RunOptions { OutputDirectory = split, Rank = rank, World = 2, Scorer = SharedResources.DemoBaseline });
        await PipelineRunner.MergeAsync(split, new RunOptions { OutputDirectory = split });

        Assert.Equal(ReleaseFiles.ShardBytes(single), ReleaseFiles.ShardBytes(split));
        var merged = ReleaseFiles.Dispositions(split).ToDictionary(d => d.GetProperty("id").GetString()!);
        Assert.Equal(1.0, merged["declared"].GetProperty("p_synthetic").GetDouble());
        Assert.Equal(ReleaseFiles.Manifest(single).Shards.Sum(s => s.FlaggedSynthetic), ReleaseFiles.Manifest(split).Shards.Sum(s => s.FlaggedSynthetic));
    }

    [BrownFact]
    public async Task Without_a_fusion_section_records_carry_no_p_synthetic_and_a_declaration_alone_changes_nothing()
    {
        using var folder = new TempFolder();
        var (_, loaded, byId) = await Run(folder, fusion: false);

        Assert.Null(loaded.Definition.Fusion);
        Assert.All(byId.Values, d => Assert.False(d.TryGetProperty("p_synthetic", out _)));
        Assert.All(byId.Values, d => Assert.DoesNotContain(d.GetProperty("lineage").EnumerateArray(), e => e.GetProperty("stage").GetString() == "fuse"));
        Assert.Equal("kept", byId["declared"].GetProperty("disposition").GetString());
    }

    [Fact]
    public void A_bad_fusion_setting_is_a_configuration_error_naming_its_key()
    {
        using var folder = new TempFolder();
        var path = WriteCorpus(folder, fusion: true);

        var badDate = Assert.Throws<ConfigurationException>(() => PipelineLoader.Load(path, [], new Dictionary<string, string?> { ["fusion:syntheticEraStart"] = "soon" }));
        Assert.Contains("fusion:syntheticEraStart", badDate.Message);
        var badPrior = Assert.Throws<ConfigurationException>(() => PipelineLoader.Load(path, [], new Dictionary<string, string?> { ["fusion:defaultPrior"] = "1.5" }));
        Assert.Contains("defaultPrior", badPrior.Message);
        var badScheme = Assert.Throws<ConfigurationException>(() => PipelineLoader.Load(path, [], new Dictionary<string, string?> { ["fusion:watermark:scheme"] = "bigram" }));
        Assert.Contains("fusion:watermark:scheme", badScheme.Message);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"defaultPrior\": 0.2", "\"defaultPrior\": 0.2, \"priorr\": 1"));
        Assert.Contains("priorr", Assert.Throws<ConfigurationException>(() => PipelineLoader.Load(path, [])).Message);
    }

    [Fact]
    public void Fusion_joins_the_configuration_hash_only_when_configured_and_its_key_only_as_a_digest()
    {
        using var folder = new TempFolder();
        var with = PipelineLoader.Load(WriteCorpus(folder, fusion: true), []);
        var otherKey = PipelineLoader.Load(folder.File("pipeline.json"), [], new Dictionary<string, string?> { ["fusion:watermark:key"] = "another" });
        using var plainFolder = new TempFolder();
        var without = PipelineLoader.Load(WriteCorpus(plainFolder, fusion: false), []);

        Assert.NotEqual(with.ConfigSha256, otherKey.ConfigSha256);
        Assert.NotEqual(with.ConfigSha256, PipelineLoader.ConfigHash(new PipelineDefinition
        {
            Name = with.Definition.Name, Seed = with.Definition.Seed, Sources = with.Definition.Sources, Steps = with.Definition.Steps,
            Policy = with.Definition.Policy, Output = with.Definition.Output, Limits = with.Definition.Limits, Detector = with.Definition.Detector,
        }));
        var stages = StageDescriptors.For(with.Definition, "d", "1", "digest");
        Assert.NotNull(stages.Fuse);
        Assert.Null(StageDescriptors.For(without.Definition, "d", "1", "digest").Fuse);
        Assert.DoesNotContain(WatermarkKey, JsonSerializer.Serialize(stages));
    }
}
