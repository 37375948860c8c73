using ProvenanceGuard.Simulation;
using Xunit;

namespace ProvenanceGuard.Tests.Simulation;

/// <summary>The simulator reads only the policy and simulation blocks of a pipeline file, and says clearly what is wrong.</summary>
public sealed class SimulationPolicyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pg-sim-policy-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Reads_policy_and_simulation_blocks_and_ignores_other_fields()
    {
        var path = Write("pipeline.json", """
            {
              "name": "demo", "steps": [{"type": "ingest", "path": "x.jsonl"}],
              "policy": {"maxSyntheticShare": 0.10, "syntheticThreshold": 0.5, "dedup": "minhash"},
              "simulation": {"generations": 20, "thresholds": {"tailMassKeptMin": 0.9, "medianSigma2RatioMin": 0.8}, "other": true}
            }
            """);
        var policy = SimulationPolicy.Load(path);
        Assert.Equal(0.10, policy.MaxSyntheticShare);
        Assert.Equal(0.5, policy.SyntheticThreshold);
        Assert.Equal(20, policy.VerdictGeneration);
        Assert.Equal(0.9, policy.Thresholds["tailMassKeptMin"]);
        Assert.Equal(0.8, policy.Thresholds["medianSigma2RatioMin"]);
    }

    [Fact]
    public void Reads_the_shipped_demo_pipeline()
    {
        var policy = SimulationPolicy.Load(SimulationOutputTests.FindRepoFile("pipelines/demo.json"));
        Assert.Equal(0.10, policy.MaxSyntheticShare);
        Assert.Equal(0.5, policy.SyntheticThreshold);
    }

    [Fact]
    public void A_pipeline_without_the_blocks_means_no_quota_and_no_thresholds()
    {
        var policy = SimulationPolicy.Load(Write("bare.json", """{"name": "bare"}"""));
        Assert.Null(policy.MaxSyntheticShare);
        Assert.Null(policy.VerdictGeneration);
        Assert.Empty(policy.Thresholds);
    }

    [Theory]
    [InlineData("""{"policy": {"maxSyntheticShare": "ten"}}""", "policy.maxSyntheticShare must be a number")]
    [InlineData("""{"policy": {"maxSyntheticShare": 1.5}}""", "maxSyntheticShare must be in [0, 1)")]
    [InlineData("""{"simulation": {"thresholds": {"tailMassKept": 0.9}}}""", "must end in Min or Max")]
    [InlineData("""{"simulation": {"generations": 2.5}}""", "simulation.generations must be a whole number")]
    [InlineData("""{"policy": [1, 2]}""", "'policy' must be a JSON object")]
    [InlineData("""{"policy": {"maxSyntheticShare": 0.1,}""", "not valid JSON")]
    public void Malformed_pipelines_are_rejected_with_the_file_and_key_named(string json, string expected)
    {
        var path = Write("bad.json", json);
        var e = Assert.Throws<SimulationInputException>(() => SimulationPolicy.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(expected, e.Message);
        Assert.False(e.IsDataError);
    }

    [Fact]
    public void A_missing_pipeline_file_is_named()
    {
        var path = Path.Combine(_dir, "nope.json");
        var e = Assert.Throws<SimulationInputException>(() => SimulationPolicy.Load(path));
        Assert.Contains(path, e.Message);
    }

    [Theory]
    [InlineData("tailMassKeptMin", "median_tail_mass_kept", true)]
    [InlineData("medianSigma2RatioMin", "median_sigma2_ratio", true)]
    [InlineData("meanTestErrorMax", "mean_test_error", false)]
    [InlineData("q05TailMassKeptMin", "q05_tail_mass_kept", true)]
    [InlineData("pooledSampleVarianceMax", "pooled_sample_variance", false)]
    public void Threshold_names_map_to_summary_columns(string name, string column, bool isMinimum)
    {
        Assert.True(ThresholdName.TryParse(name, out var parsed));
        Assert.Equal(column, parsed.SummaryColumn);
        Assert.Equal(isMinimum, parsed.IsMinimum);
    }
}
