using ProvenanceGuard.Curation;
using ProvenanceGuard.Pipeline;
using ProvenanceGuard.Records;
using ProvenanceGuard.Tests.Support;
using Record = ProvenanceGuard.Records.Record;

namespace ProvenanceGuard.Tests.Curation;

/// <summary>
/// quotaBasis "mixtureUpperBound": each shard keeps the largest set of records whose score-mixture upper bound is within
/// the maximum, the most machine-like records dropped first. LLRs are drawn from the calibration card's own densities,
/// so the true share of every window is known.
/// </summary>
public sealed class QuotaMixtureBoundTests : IDisposable
{
    private static readonly StageDescriptors Stages = StageDescriptors.For(new PipelineDefinition(), "test", "1", "digest");
    private readonly TempFolder _folder = new();
    private readonly string _card;

    public QuotaMixtureBoundTests() => _card = SyntheticCalibration.WriteCard(_folder.Path);

    public void Dispose() => _folder.Dispose();

    private CurationPolicy Policy(double maxShare = 0.10) => new()
    {
        MaxSyntheticShare = maxShare, SyntheticThreshold = 0.5, MinTextChars = 1, QuotaBasis = "mixtureUpperBound", CalibrationModel = _card,
    };

    private ShardWindowCurator Curator(CurationPolicy policy, int shardRows, int seed = 42) => new(new PipelineDefinition
    {
        Seed = seed,
        Steps = [new() { Type = "normalize" }, new() { Type = "detect" }, new() { Type = "dedup" }, new() { Type = "quota" }],
        Policy = policy,
        Output = new OutputOptions { ShardRows = shardRows },
    }, Stages, ".jsonl.gz");

    /// <summary><paramref name="n"/> scored records of which the first <paramref name="machine"/> are machine text, shuffled; plus a few too short to judge.</summary>
    private static List<Record> Window(int n, int machine, int seed, int unscored = 0)
    {
        var random = new Random(seed);
        var llrs = Enumerable.Range(0, n).Select(i => i < machine ? SyntheticCalibration.MachineLlr(random) : SyntheticCalibration.HumanLlr(random))
            .OrderBy(_ => random.Next()).ToList();
        var records = new List<Record>();
        for (var i = 0; i < n + unscored; i++)
        {
            var record = CuratorInputs.Scored(i, null, $"text number {i}");
            if (i < n)
            {
                record.Attributes.LogLikelihoodRatio = llrs[i];
                record.Attributes.PMachine = SyntheticCalibration.PMachine(llrs[i]);
            }
            else record.Attributes.TooShortToJudge = true;
            records.Add(record);
        }
        return records;
    }

    [Fact]
    public void A_window_with_too_much_machine_text_keeps_the_largest_set_whose_bound_is_within_the_maximum()
    {
        var policy = Policy(0.10);
        var records = Window(1000, 300, seed: 1, unscored: 20);
        var curator = Curator(policy, shardRows: 2000);
        var window = Assert.Single(CuratorInputs.Feed(curator, records));
        var quota = MixtureQuota.Load(policy, 42);

        var dropped = records.Where(r => r.Disposition!.Reason == CurationReason.QuotaExceeded).ToList();
        Assert.True(dropped.Count >= 150, $"30% machine text against a 10% maximum: only {dropped.Count} dropped");
        Assert.False(quota.Exceeds(quota.Histogram(window.Kept), 0.10), "the kept shard's bound is within the maximum");
        Assert.True(quota.Upper(quota.Histogram(window.Kept)) <= 0.10 + 1e-9);
        // The most machine-like records went first, whole LLR bins at a time, and keeping the next bin would break the maximum.
        int Bin(Record r) => quota.Bins.Index(r.Attributes.LogLikelihoodRatio!.Value);
        var cut = window.Kept.Where(r => r.Attributes.LogLikelihoodRatio is not null).Max(Bin);
        Assert.All(dropped, r => Assert.True(Bin(r) > cut));
        var nextBin = dropped.Min(Bin);
        Assert.True(quota.Exceeds(quota.Histogram(window.Kept.Concat(dropped.Where(r => Bin(r) == nextBin))), 0.10), "keeping one more bin must exceed the maximum");
        // Records without an LLR are outside the estimate and stay; every record has exactly one disposition.
        Assert.All(records.Where(r => r.Attributes.TooShortToJudge), r => Assert.Equal(DispositionKind.Kept, r.Disposition!.Kind));
        Assert.True(curator.Tally.Conserved);
        Assert.Equal(records.Count, curator.Tally.Kept + curator.Tally.Rejected + curator.Tally.Duplicate);
        Assert.Equal(dropped.Count, curator.Tally.RejectedByReason[CurationReason.QuotaExceeded]);
        Assert.All(dropped, r => Assert.Contains(r.Lineage, e => e.Decision == "rejected:" + CurationReason.QuotaExceeded));
    }

    [Fact]
    public void A_mostly_human_window_is_kept_whole()
    {
        var records = Window(1000, 10, seed: 2);
        var window = Assert.Single(CuratorInputs.Feed(Curator(Policy(0.10), 2000), records));
        Assert.Equal(1000, window.Kept.Count);
    }

    [Fact]
    public void The_same_seed_keeps_the_same_records()
    {
        var first = CuratorInputs.Feed(Curator(Policy(0.05), 500), Window(1500, 200, seed: 3)).SelectMany(w => w.Kept).Select(r => r.Id).ToList();
        var again = CuratorInputs.Feed(Curator(Policy(0.05), 500), Window(1500, 200, seed: 3)).SelectMany(w => w.Kept).Select(r => r.Id).ToList();
        Assert.Equal(first, again);
        Assert.True(first.Count < 1500);
    }

    [Fact]
    public void The_one_sided_bound_covers_the_true_share_in_at_least_the_nominal_share_of_windows()
    {
        // Fresh calibration cards and fresh windows of 2,000 records at a true share of 8%; the bound is one-sided 95%.
        int covered = 0, draws = 40;
        for (var d = 0; d < draws; d++)
        {
            using var folder = new TempFolder();
            var quota = MixtureQuota.Load(Policy() with { CalibrationModel = SyntheticCalibration.WriteCard(folder.Path, seed: 100 + d) }, d);
            var window = Window(2000, 160, seed: 1000 + d);
            if (quota.Upper(quota.Histogram(window)) >= 0.08) covered++;
        }
        Assert.True(covered >= draws * 0.9, $"covered in {covered} of {draws} windows");
    }

    [Fact]
    public void What_the_quota_keeps_from_a_window_of_30_percent_machine_text_is_truly_within_the_maximum()
    {
        // The promise itself: the machine share of the records kept (known here) is at most the maximum, window after window.
        int held = 0, draws = 12;
        var keptShares = new List<double>();
        for (var d = 0; d < draws; d++)
        {
            using var folder = new TempFolder();
            var policy = Policy(0.10) with { CalibrationModel = SyntheticCalibration.WriteCard(folder.Path, seed: 200 + d) };
            var random = new Random(2000 + d);
            var records = Enumerable.Range(0, 2000).Select(i =>
            {
                var machine = i % 10 < 3;
                var record = CuratorInputs.Scored(i, null, machine ? $"machine {i}" : $"human {i}");
                record.Attributes.LogLikelihoodRatio = machine ? SyntheticCalibration.MachineLlr(random) : SyntheticCalibration.HumanLlr(random);
                record.Attributes.PMachine = SyntheticCalibration.PMachine(record.Attributes.LogLikelihoodRatio.Value);
                return record;
            }).ToList();
            var window = Assert.Single(CuratorInputs.Feed(Curator(policy, 5000, seed: d), records));
            var share = window.Kept.Count(r => r.Text.StartsWith("machine", StringComparison.Ordinal)) / (double)window.Kept.Count;
            keptShares.Add(share);
            if (share <= 0.10) held++;
            Assert.True(window.Kept.Count > 1000, $"the humans (1,400) are mostly kept: {window.Kept.Count}");
        }
        Assert.True(held >= draws - 1, $"the kept share was within 10% in {held} of {draws} windows (mean {keptShares.Average():P1})");
    }

    [Fact]
    public void A_card_without_score_histograms_is_a_configuration_error_naming_the_policy_field()
    {
        var bare = _folder.File("bare-card.json");
        File.WriteAllText(bare, """{"operating_point": {"threshold_llr": 1.2}}""");
        var error = Assert.Throws<ConfigurationException>(() => Curator(Policy() with { CalibrationModel = bare }, 100));
        Assert.Contains("policy:calibrationModel", error.Message);
        Assert.Contains("score_histograms", error.Message);
    }

    [Fact]
    public void Mixture_basis_without_a_calibration_model_is_rejected_when_the_pipeline_loads()
    {
        using var folder = new TempFolder();
        var pipeline = TestCorpus.Write(folder.Path);
        var error = Assert.Throws<ConfigurationException>(() => PipelineLoader.Load(pipeline, [], new Dictionary<string, string?> { ["policy:quotaBasis"] = "mixtureUpperBound" }));
        Assert.Contains("policy:calibrationModel", error.Message);
        var stray = Assert.Throws<ConfigurationException>(() => PipelineLoader.Load(pipeline, [], new Dictionary<string, string?> { ["policy:calibrationModel"] = _card }));
        Assert.Contains("applies only to quotaBasis 'mixtureUpperBound'", stray.Message);
    }

    [Fact]
    public void A_stratum_floor_under_the_mixture_basis_is_refused_when_the_pipeline_loads_naming_the_field()
    {
        using var folder = new TempFolder();
        var pipeline = TestCorpus.Write(folder.Path);
        var mixture = new Dictionary<string, string?>
        {
            ["policy:quotaBasis"] = "mixtureUpperBound", ["policy:calibrationModel"] = _card, ["policy:stratumField"] = "source",
        };
        PipelineLoader.Load(pipeline, [], mixture);
        var error = Assert.Throws<ConfigurationException>(() => PipelineLoader.Load(pipeline, [], new Dictionary<string, string?>(mixture) { ["policy:stratumFloor"] = "5" }));
        Assert.Contains("policy:stratumFloor", error.Message);
        Assert.Contains("mixtureUpperBound", error.Message);
        // The same floor is fine on the flagged basis, where it only changes who gets the allowance.
        PipelineLoader.Load(pipeline, [], new Dictionary<string, string?> { ["policy:stratumField"] = "source", ["policy:stratumFloor"] = "5" });
    }

    [Fact]
    public void A_curator_built_around_the_pipeline_rules_refuses_the_floor_as_well()
    {
        var error = Assert.Throws<ConfigurationException>(() => Curator(Policy() with { StratumField = "source", StratumFloor = 5 }, 100));
        Assert.Contains("policy:stratumFloor", error.Message);
    }
}
