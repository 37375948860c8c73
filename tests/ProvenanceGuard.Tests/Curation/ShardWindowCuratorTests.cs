using ProvenanceGuard.Curation;
using ProvenanceGuard.Pipeline;
using ProvenanceGuard.Records;
using Record = ProvenanceGuard.Records.Record;

namespace ProvenanceGuard.Tests.Curation;

public class ShardWindowCuratorTests
{
    private static readonly StageDescriptors Stages = StageDescriptors.For(new PipelineDefinition(), "test", "1", "digest");

    private static ShardWindowCurator Curator(double maxShare, int shardRows, double? rejectAbove = null) => new(new PipelineDefinition
    {
        Steps = [new() { Type = "normalize" }, new() { Type = "detect" }, new() { Type = "dedup" }, new() { Type = "quota" }],
        Policy = new CurationPolicy { MaxSyntheticShare = maxShare, SyntheticThreshold = 0.5, RejectAbove = rejectAbove, MinTextChars = 3 },
        Output = new OutputOptions { ShardRows = shardRows },
    }, Stages, ".jsonl.gz");

    private static Record Scored(long sequence, double p, string? text = null) => CuratorInputs.Scored(sequence, p, text ?? $"text {sequence}");

    private static List<ShardWindow> Feed(ShardWindowCurator curator, IEnumerable<Record> records) => CuratorInputs.Feed(curator, records);

    [Fact]
    public void Keeps_all_human_records_and_synthetic_ones_only_up_to_the_share()
    {
        // 9 unflagged, 5 flagged: at most 10% flagged means 1 flagged (1 / 10), the least likely one.
        var records = Enumerable.Range(0, 9).Select(i => Scored(i, 0.1))
            .Concat([Scored(9, 0.9), Scored(10, 0.6), Scored(11, 0.95), Scored(12, 0.7), Scored(13, 0.8)]).ToList();
        var window = Assert.Single(Feed(Curator(0.10, 100), records));

        Assert.Equal(10, window.Kept.Count);
        Assert.Contains(window.Kept, r => r.Id == "r10");
        Assert.Equal(4, records.Count(r => r.Disposition?.Reason == CurationReason.QuotaExceeded));
        Assert.Equal(Enumerable.Range(0, 10).Select(row => (long)row), window.Kept.Select(r => r.Disposition!.Row));
        Assert.True(window.Kept.Select(r => r.Sequence).SequenceEqual(window.Kept.Select(r => r.Sequence).Order()), "rows keep canonical order");
    }

    [Theory]
    [InlineData(0.10, 90, 10, 10)]
    [InlineData(0.10, 89, 10, 9)]
    [InlineData(0.25, 30, 50, 10)]
    [InlineData(0.0, 50, 5, 0)]
    public void The_share_holds_exactly_at_its_boundary(double share, int human, int synthetic, int expectedKeptSynthetic)
    {
        var records = Enumerable.Range(0, human).Select(i => Scored(i, 0.2)).Concat(Enumerable.Range(human, synthetic).Select(i => Scored(i, 0.9)));
        var window = Assert.Single(Feed(Curator(share, 1000), records));
        var flagged = window.Kept.Count(r => r.Attributes.PMachine >= 0.5);
        Assert.Equal(expectedKeptSynthetic, flagged);
        Assert.True(flagged <= share * window.Kept.Count + 1e-9);
    }

    [Fact]
    public void Windows_close_every_shard_rows_candidates_and_each_holds_the_quota()
    {
        var random = new Random(5);
        var records = Enumerable.Range(0, 1000).Select(i => Scored(i, random.NextDouble())).ToList();
        var windows = Feed(Curator(0.2, 100), records);

        Assert.Equal(10, windows.Count);
        Assert.All(windows, w => Assert.True(w.Kept.Count(r => r.Attributes.PMachine >= 0.5) <= 0.2 * w.Kept.Count + 1e-9));
        Assert.Equal(records.Count, windows.Sum(w => w.Records.Count));
        Assert.All(records, r => Assert.NotNull(r.Disposition));
    }

    [Fact]
    public void Exact_duplicates_point_at_the_first_record_and_short_texts_are_rejected()
    {
        var records = new[] { Scored(0, 0.1, "same text"), Scored(1, 0.1, "other"), Scored(2, 0.1, "same text"), Scored(3, 0.1, "ab") };
        Feed(Curator(0.1, 10), records);

        Assert.Equal(Disposition.DuplicateOfRecord("r0"), records[2].Disposition);
        Assert.Equal(CurationReason.TooShort, records[3].Disposition!.Reason);
        Assert.Equal(DispositionKind.Kept, records[0].Disposition!.Kind);
    }

    [Fact]
    public void Records_above_the_rejection_line_go_whatever_the_quota()
    {
        var records = Enumerable.Range(0, 50).Select(i => Scored(i, 0.1)).Append(Scored(50, 0.999)).ToList();
        Feed(Curator(0.5, 100, rejectAbove: 0.99), records);
        Assert.Equal(CurationReason.LikelySynthetic, records[^1].Disposition!.Reason);
    }
}

/// <summary>Tail protection: a floor lets rare strata through the quota before common ones.</summary>
public class StratumFloorTests
{
    private static ShardWindowCurator Curator(int? floor) => new(new PipelineDefinition
    {
        Steps = [new() { Type = "detect" }, new() { Type = "dedup" }, new() { Type = "quota" }],
        Policy = new CurationPolicy { MaxSyntheticShare = 0.10, SyntheticThreshold = 0.5, StratumField = "source", StratumFloor = floor },
        Output = new OutputOptions { ShardRows = 1000 },
    }, StageDescriptors.For(new PipelineDefinition(), "test", "1", "digest"), ".jsonl.gz");

    private static Record Scored(long sequence, string source, double p) => CuratorInputs.Scored(sequence, p, $"text {sequence}", source);

    private static List<Record> Window()
    {
        // "web": 18 human-evidenced and 5 flagged records; "rare-dialect": one record, flagged (its style reads machine-like).
        var records = Enumerable.Range(0, 18).Select(i => Scored(i, "web", 0.1)).ToList();
        records.AddRange(Enumerable.Range(18, 5).Select(i => Scored(i, "web", 0.6)));
        records.Add(Scored(23, "rare-dialect", 0.9));
        return records;
    }

    private static List<Record> Kept(ShardWindowCurator curator, List<Record> records)
    {
        foreach (var record in records) curator.Add(record);
        return curator.Flush()!.Kept.ToList();
    }

    [Fact]
    public void Without_a_floor_the_rare_stratum_is_squeezed_out()
    {
        var kept = Kept(Curator(null), Window());
        Assert.DoesNotContain(kept, r => r.Source == "rare-dialect");
    }

    [Fact]
    public void With_a_floor_the_rare_stratum_keeps_a_record_and_the_share_still_holds()
    {
        var kept = Kept(Curator(1), Window());
        Assert.Contains(kept, r => r.Source == "rare-dialect");
        Assert.True(kept.Count(r => r.Attributes.PMachine >= 0.5) <= 0.10 * kept.Count + 1e-9);
    }
}
