using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProvenanceGuard.Pipeline.Schema;
using ProvenanceGuard.Cli;
using ProvenanceGuard.Cli.Commands;
using ProvenanceGuard.Simulation;
using Xunit;

namespace ProvenanceGuard.Tests.Simulation;

/// <summary>
/// `provguard simulate` writes CSV, the JSON summary the release gate reads (shaped as
/// schemas/simulation.schema.json says), SVG charts, and exits 1 when the policy's thresholds fail.
/// </summary>
public sealed class SimulationOutputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pg-sim-out-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Task<int> Provguard(params string[] args)
    {
        var root = new RootCommand { SimulateCommand.Create() };
        return CliHost.InvokeAsync(root, args);
    }

    private string Pipeline(string json)
    {
        var path = Path.Combine(_dir, "pipeline.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public async Task Gaussian_run_writes_csv_json_and_charts()
    {
        var pipeline = Pipeline("""{"policy": {"maxSyntheticShare": 0.1}, "simulation": {"generations": 5, "thresholds": {"medianSigma2RatioMin": 0.5}}}""");
        var outDir = Path.Combine(_dir, "out");
        var code = await Provguard("simulate", "--pipeline", pipeline, "--model", "gaussian", "--loop", "replace",
            "--generations", "5", "--chains", "50", "--samples", "100", "--seed", "3", "--out", outDir);
        Assert.Equal(ExitCodes.Ok, code);

        var csv = File.ReadAllLines(Path.Combine(outDir, "generations.csv"));
        Assert.Equal(7, csv.Length); // header + generations 0..5
        Assert.StartsWith("generation,", csv[0]);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        var root = json.RootElement;
        Assert.Equal("gaussian", root.GetProperty("model").GetString());
        Assert.Equal("replace", root.GetProperty("loop").GetString());
        var generations = root.GetProperty("generations");
        Assert.Equal(6, generations.GetArrayLength());
        var last = generations[5];
        Assert.Equal(5, last.GetProperty("generation").GetInt32());
        foreach (var key in new[] { "pooled_sample_variance", "mean_sigma2", "median_sigma2", "median_w2" })
            Assert.Equal(JsonValueKind.Number, last.GetProperty(key).ValueKind);
        var verdict = root.GetProperty("verdict");
        Assert.Equal("pass", verdict.GetProperty("status").GetString());
        Assert.Equal("median_sigma2_ratio", verdict.GetProperty("checks")[0].GetProperty("column").GetString());

        var svg = File.ReadAllText(Path.Combine(outDir, "sigma2.svg"));
        Assert.StartsWith("<svg", svg);
        Assert.Contains("<polyline", svg);
        System.Xml.Linq.XDocument.Parse(svg); // well-formed XML
    }

    [Fact]
    public async Task Summary_validates_against_the_simulation_schema()
    {
        var outDir = Path.Combine(_dir, "schema");
        var pipeline = Pipeline("""{"policy": {"maxSyntheticShare": 0.1}, "simulation": {"thresholds": {"tailMassKeptMin": 0.5, "testErrorMax": 1}}}""");
        await Provguard("simulate", "--pipeline", pipeline, "--model", "zipf", "--categories", "200", "--loop", "policy",
            "--detector-tpr", "0.9", "--detector-fpr", "0.01", "--generations", "3", "--chains", "8", "--out", outDir);
        using var schema = JsonDocument.Parse(File.ReadAllText(FindRepoFile("schemas/simulation.schema.json")));
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        var validator = new JsonSchemaValidator(schema.RootElement);
        Assert.Empty(validator.Validate(summary.RootElement));

        // The schema has teeth: a summary without a verdict, or with a made-up status, is rejected.
        var broken = JsonNode.Parse(summary.RootElement.GetRawText())!.AsObject();
        broken["verdict"]!["status"] = "maybe";
        Assert.NotEmpty(validator.Validate(JsonDocument.Parse(broken.ToJsonString()).RootElement));
        broken.Remove("verdict");
        Assert.NotEmpty(validator.Validate(JsonDocument.Parse(broken.ToJsonString()).RootElement));
    }

    [Fact]
    public async Task Policy_loop_takes_the_operating_point_from_a_detect_eval_report()
    {
        var report = Path.Combine(_dir, "eval.json");
        File.WriteAllText(report, """{"overall": {"n": 100, "auroc": 0.99, "auprc": 0.99, "tpr_at_1pct_fpr": 0.9, "tpr_at_5pct_fpr": 0.95, "f1": 0.95, "ece": 0.01}}""");
        var pipeline = Pipeline("""{"policy": {"maxSyntheticShare": 0.1, "syntheticThreshold": 0.5}}""");
        var outDir = Path.Combine(_dir, "policy");
        var code = await Provguard("simulate", "--pipeline", pipeline, "--model", "regression", "--detector-report", report,
            "--detector-fpr-percent", "5", "--generations", "3", "--chains", "8", "--out", outDir);
        Assert.Equal(ExitCodes.Ok, code);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        var training = json.RootElement.GetProperty("training");
        Assert.Equal(0.95, training.GetProperty("detector").GetProperty("tpr").GetDouble());
        Assert.Equal(0.05, training.GetProperty("detector").GetProperty("fpr").GetDouble());
        Assert.Contains(report, training.GetProperty("detector").GetProperty("source").GetString());
        Assert.Equal(0.1, training.GetProperty("max_synthetic_share").GetDouble());
        var expected = PolicyLeakage.SyntheticShare(0.5, DetectorOperatingPoint.Create(0.95, 0.05, "t"), 0.1);
        Assert.Equal(expected, training.GetProperty("synthetic_share").GetDouble(), 12);
    }

    [Fact]
    public async Task A_failed_threshold_exits_with_the_policy_failure_code()
    {
        // Pure replacement with 20 samples per generation loses the tails: the median σ² ratio falls far below 0.9.
        var pipeline = Pipeline("""{"simulation": {"generations": 20, "thresholds": {"medianSigma2RatioMin": 0.9}}}""");
        var outDir = Path.Combine(_dir, "fail");
        var code = await Provguard("simulate", "--pipeline", pipeline, "--model", "gaussian", "--loop", "replace",
            "--chains", "200", "--samples", "20", "--out", outDir);
        Assert.Equal(ExitCodes.PolicyFailure, code);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        var verdict = json.RootElement.GetProperty("verdict");
        Assert.Equal("fail", verdict.GetProperty("status").GetString());
        Assert.False(verdict.GetProperty("pass").GetBoolean());
        Assert.Equal(20, verdict.GetProperty("generation").GetInt32());
    }

    [Fact]
    public async Task Bad_configuration_exits_with_the_usage_code()
    {
        var pipeline = Pipeline("""{"policy": {"maxSyntheticShare": "a lot"}}""");
        Assert.Equal(ExitCodes.UsageOrConfig, await Provguard("simulate", "--pipeline", pipeline, "--model", "gaussian", "--out", Path.Combine(_dir, "x")));
        Assert.Equal(ExitCodes.UsageOrConfig, await Provguard("simulate", "--model", "banana", "--out", Path.Combine(_dir, "y")));
        Assert.Equal(ExitCodes.UsageOrConfig, await Provguard("simulate", "--model", "gaussian", "--detector-tpr", "0.9", "--out", Path.Combine(_dir, "z")));
        Assert.Equal(ExitCodes.UsageOrConfig, await Provguard("simulate", "--model", "gaussian", "--chains", "0", "--out", Path.Combine(_dir, "w")));
    }

    [Fact]
    public void Results_do_not_depend_on_the_number_of_threads()
    {
        string Summary(int threads, long seed)
        {
            var report = SimulationRunner.Execute(new SimulationRequest
            {
                Model = "gmm", Loop = "fresh", Generations = 4, Chains = 16, Seed = seed, Samples = 200, MaxDegreeOfParallelism = threads,
            });
            using var stream = new MemoryStream();
            ProvenanceGuard.Simulation.Outputs.SimulationJsonWriter.Write(report, stream);
            return System.Text.Encoding.UTF8.GetString(stream.ToArray());
        }
        Assert.Equal(Summary(1, 5), Summary(2, 5));
        Assert.NotEqual(Summary(2, 5), Summary(2, 6));
    }

    internal static string FindRepoFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}");
    }
}
