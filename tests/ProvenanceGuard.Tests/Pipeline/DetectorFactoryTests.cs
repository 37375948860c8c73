using System.Text.Json.Nodes;
using ProvenanceGuard.Detection;
using ProvenanceGuard.Detection.Training;
using ProvenanceGuard.Pipeline;
using ProvenanceGuard.Provenance;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Pipeline;

/// <summary>The detect step loads whichever model the pipeline names: the trained detector by default, the baseline on request.</summary>
public class DetectorFactoryTests
{
    [TrigramReferenceFact]
    public async Task By_default_a_run_is_scored_by_the_trained_detector()
    {
        using var temp = new TempFolder();
        var pipeline = TestCorpus.Write(temp.Path);
        var loaded = PipelineLoader.Load(pipeline, [], new Dictionary<string, string?> { ["detector:model"] = "models/detector-default.json" });
        var manifest = (await PipelineRunner.RunAsync(loaded, new RunOptions { OutputDirectory = temp.File("release") })).Manifest!;

        Assert.Equal("signature-lr", manifest.Detector!.Name);
        Assert.True(manifest.Dispositions.Conserved);
        Assert.All(ReleaseFiles.Lines(Path.Combine(temp.File("release"), manifest.Shards[0].File)),
            row => Assert.True(row.TryGetProperty("p_machine", out _) || row.TryGetProperty("too_short_to_judge", out _)));
    }

    [SharedDataTrigramFact]
    public async Task A_run_counts_the_scored_texts_outside_the_trained_detectors_training_lengths()
    {
        using var temp = new TempFolder();
        var dev = File.ReadLines(SharedResources.DetectDevData!).Select(l => JsonNode.Parse(l)!["text"]!.GetValue<string>()).ToList();
        var band = TrainingLengths.FromCard(DetectorModel.Read(ProjectPaths.Require(DetectorModel.DefaultRelativePath, "model")).Card)!;
        string Words(string text, int n) => string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(n));
        // Twelve dev texts cut to the middle of the band, five joined to twice its top, three cut below its bottom.
        var texts = dev.Take(12).Select(t => Words(t, (band.LowWords + band.HighWords) / 2))
            .Concat(dev.Skip(12).Chunk(3).Take(5).Select(c => Words(string.Join(' ', c), 2 * band.HighWords)))
            .Concat(dev.Skip(30).Take(3).Select(t => Words(t, band.LowWords - 20)))
            .Select((t, i) => new JsonObject { ["id"] = $"r{i}", ["text"] = t }.ToJsonString());
        File.WriteAllLines(temp.File("texts.jsonl"), texts);
        var pipeline = temp.Write("lengths.json", """
            { "name": "lengths", "seed": 1,
              "sources": [ { "name": "texts", "path": "texts.jsonl" } ],
              "steps": [ { "type": "normalize" }, { "type": "detect" } ],
              "output": { "shardFormat": "jsonl.gz", "shardRows": 100 },
              "detector": { "model": "models/detector-default.json" } }
            """);

        var manifest = (await PipelineRunner.RunAsync(PipelineLoader.Load(pipeline, []), new RunOptions { OutputDirectory = temp.File("release") })).Manifest!;

        Assert.Equal(new DetectorLengths(band.LowWords, band.HighWords, 20, 8), manifest.SyntheticShare!.DetectorLengths);
    }

    [Fact]
    public void The_default_detector_model_is_the_trained_one() =>
        Assert.Equal("models/detector-default.json", new DetectorOptions().Model);

    [Fact]
    public void A_model_file_that_is_not_json_is_a_configuration_error_naming_it()
    {
        using var temp = new TempFolder();
        var model = temp.Write("broken-model.json", "{ not json");
        var definition = new PipelineDefinition { Steps = [new() { Type = "detect" }], Detector = new DetectorOptions { Model = model } };
        var e = Assert.Throws<ConfigurationException>(() => DetectorFactory.Create(definition));
        Assert.Contains("broken-model.json", e.Message);
    }
}
