using ProvenanceGuard.Pipeline;
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
