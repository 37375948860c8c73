using ProvenanceGuard.Simulation;
using Xunit;

namespace ProvenanceGuard.Tests.Simulation;

/// <summary>The detector's operating point comes from a detect-eval report, and sets how much synthetic data leaks through the policy.</summary>
public sealed class DetectorOperatingPointTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pg-sim-detector-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Report = """
        {"overall": {"n": 2000, "auroc": 0.97, "auprc": 0.96, "tpr_at_1pct_fpr": 0.62, "tpr_at_5pct_fpr": 0.85, "f1": 0.9, "ece": 0.02},
         "by_source": {}}
        """;

    [Theory]
    [InlineData(1, 0.62, 0.01)]
    [InlineData(5, 0.85, 0.05)]
    public void Reads_the_true_positive_rate_at_the_chosen_false_positive_rate(int percent, double tpr, double fpr)
    {
        var path = Path.Combine(_dir, "eval.json");
        File.WriteAllText(path, Report);
        var point = DetectorOperatingPoint.FromEvalReport(path, percent);
        Assert.Equal(tpr, point.TruePositiveRate);
        Assert.Equal(fpr, point.FalsePositiveRate);
        Assert.Contains(path, point.Source);
    }

    [Theory]
    [InlineData("""{"overall": {"auroc": 0.9}}""", "overall.tpr_at_1pct_fpr")]
    [InlineData("""{"per_source": {}}""", "no 'overall' object")]
    [InlineData("""{"overall": {"tpr_at_1pct_fpr": 1.7}}""", "TPR must be in [0, 1]")]
    [InlineData("""{"overall": """, "not valid JSON")]
    public void Malformed_reports_are_rejected_with_the_file_named(string json, string expected)
    {
        var path = Path.Combine(_dir, "bad.json");
        File.WriteAllText(path, json);
        var e = Assert.Throws<SimulationInputException>(() => DetectorOperatingPoint.FromEvalReport(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Without_a_detector_the_whole_pool_contamination_leaks()
    {
        Assert.Equal(0.5, PolicyLeakage.SyntheticShare(0.5, DetectorOperatingPoint.None, 0.1), 12);
    }

    [Fact]
    public void A_perfect_detector_leaks_exactly_the_quota()
    {
        var perfect = DetectorOperatingPoint.Create(1, 0, "test");
        Assert.Equal(0.1, PolicyLeakage.SyntheticShare(0.5, perfect, 0.1), 12);
        Assert.Equal(0.0, PolicyLeakage.SyntheticShare(0.5, perfect, 0.0), 12);
        Assert.Equal(0.0, PolicyLeakage.SyntheticShare(0.5, perfect, null), 12);
    }

    [Fact]
    public void An_imperfect_detector_leaks_its_misses_plus_what_the_quota_admits()
    {
        // Pool 50/50; TPR 0.8, FPR 0.05. Unflagged: human 0.475, synthetic 0.1. Flagged: human 0.025, synthetic 0.4.
        // Quota 10%: flagged admitted up to 0.1/0.9 × 0.575 = 0.0639 of 0.425 → share a = 0.1503.
        var detector = DetectorOperatingPoint.Create(0.8, 0.05, "test");
        var a = 0.1 / 0.9 * 0.575 / 0.425;
        var synthetic = 0.1 + a * 0.4;
        var human = 0.475 + a * 0.025;
        Assert.Equal(synthetic / (synthetic + human), PolicyLeakage.SyntheticShare(0.5, detector, 0.1), 12);
        // Without a quota the flagged records are simply dropped: only the misses leak.
        Assert.Equal(0.1 / 0.575, PolicyLeakage.SyntheticShare(0.5, detector, null), 12);
    }
}
