using ProvenanceGuard.Curation;
using ProvenanceGuard.Pipeline;
using ProvenanceGuard.Records;
using Record = ProvenanceGuard.Records.Record;

namespace ProvenanceGuard.Tests.Curation;

/// <summary>Source caps, per-stratum shares and the upper-bound option: each dropped record carries its own reason.</summary>
public class PolicyExtensionTests
{
    private static readonly StageDescriptors Stages = StageDescriptors.For(new PipelineDefinition(), "test", "1", "digest");

    private static ShardWindowCurator Curator(CurationPolicy policy, int shardRows) => new(new PipelineDefinition
    {
        Steps = [new() { Type = "detect" }, new() { Type = "dedup" }, new() { Type = "quota" }],
        Policy = policy,
        Output = new OutputOptions { ShardRows = shardRows },
    }, Stages, ".jsonl.gz");

    private static Record Make(long sequence, double p, string source = "s", string? lang = null) =>
        CuratorInputs.Scored(sequence, p, $"text number {sequence}", source, lang is null ? null : $$"""{"lang":"{{lang}}"}""");

    private static List<ShardWindow> Feed(ShardWindowCurator curator, IEnumerable<Record> records) => CuratorInputs.Feed(curator, records);

    [Fact]
    public void A_source_cap_holds_over_the_whole_release_and_drops_the_least_human_evidenced_first()
    {
        var policy = new CurationPolicy { MaxSyntheticShare = 0.5, SourceCaps = new() { ["crawl"] = 6 } };
        var records = Enumerable.Range(0, 10).Select(i => Make(i, p: 0.01 * (10 - i), source: "crawl"))
            .Concat(Enumerable.Range(10, 4).Select(i => Make(i, 0.05, source: "books"))).ToList();
        var curator = Curator(policy, shardRows: 5);
        Feed(curator, records);

        var crawl = records.Where(r => r.Source == "crawl").ToList();
        Assert.Equal(6, crawl.Count(r => r.Disposition!.Kind == DispositionKind.Kept));
        Assert.Equal(4, crawl.Count(r => r.Disposition!.Reason == CurationReason.SourceCap));
        Assert.All(records.Where(r => r.Source == "books"), r => Assert.Equal(DispositionKind.Kept, r.Disposition!.Kind));
        // Within the first window (r0..r4) the cap is not reached; in the second, r5..r9 compete with
        // lower P first: r9 (0.01) and r8 (0.02) ... so the ones with the highest P are dropped.
        Assert.Equal(["r5", "r6", "r7", "r8"], crawl.Where(r => r.Disposition!.Reason == CurationReason.SourceCap).Select(r => r.Id).Order());
        Assert.Equal(4, curator.Tally.RejectedByReason[CurationReason.SourceCap]);
        Assert.True(curator.Tally.Conserved);
    }

    [Fact]
    public void Each_stratum_holds_its_own_share_and_drops_are_named_for_it()
    {
        var policy = new CurationPolicy { MaxSyntheticShare = 0.5, StratumField = "lang", MaxSyntheticSharePerStratum = 0.25 };
        var records = Enumerable.Range(0, 9).Select(i => Make(i, 0.1, lang: "en"))
            .Concat(Enumerable.Range(9, 3).Select(i => Make(i, 0.9, lang: "en")))
            .Concat(Enumerable.Range(12, 2).Select(i => Make(i, 0.1, lang: "fr")))
            .Concat(Enumerable.Range(14, 2).Select(i => Make(i, 0.8 + i / 100.0, lang: "fr"))).ToList();
        var window = Assert.Single(Feed(Curator(policy, shardRows: 100), records));

        // en: 3 flagged of 12 is exactly 25%; fr: one flagged of 3 would be 33%, so both of its flagged go.
        Assert.Equal(3, window.Kept.Count(r => r.Attributes.PMachine >= 0.5 && r.MetadataJson!.Contains("en")));
        Assert.Equal(["r14", "r15"], records.Where(r => r.Disposition!.Reason == CurationReason.StratumQuotaExceeded).Select(r => r.Id));
        Assert.DoesNotContain(records, r => r.Disposition!.Reason == CurationReason.QuotaExceeded);
    }

    [Fact]
    public void The_upper_bound_option_keeps_fewer_flagged_records_on_small_shards()
    {
        var records = Enumerable.Range(0, 90).Select(i => Make(i, 0.1)).Concat(Enumerable.Range(90, 10).Select(i => Make(i, 0.9))).ToList();
        var point = Assert.Single(Feed(Curator(new CurationPolicy { MaxSyntheticShare = 0.1 }, 1000), records.Select(Clone)));
        var upperPolicy = new CurationPolicy { MaxSyntheticShare = 0.1, ShareBound = "upper", Confidence = 0.95 };
        var upper = Assert.Single(Feed(Curator(upperPolicy, 1000), records.Select(Clone)));

        var keptPoint = point.Kept.Count(r => r.Attributes.PMachine >= 0.5);
        var keptUpper = upper.Kept.Count(r => r.Attributes.PMachine >= 0.5);
        Assert.Equal(10, keptPoint);
        Assert.InRange(keptUpper, 1, 9);
        Assert.False(SyntheticAllowance.Exceeds(keptUpper, 90 + keptUpper, 0.1, upperPolicy));
        Assert.True(SyntheticAllowance.Exceeds(keptUpper + 1, 90 + keptUpper + 1, 0.1, upperPolicy), "the allowance is the largest that meets the bound");
        Assert.All(upper.Records.Where(r => r.Disposition!.Kind == DispositionKind.Rejected), r => Assert.Equal(CurationReason.QuotaExceeded, r.Disposition!.Reason));
    }

    [Fact]
    public void The_wilson_upper_bound_matches_its_closed_form()
    {
        // 10 of 100 at z = 1.96: (0.1 + 0.019208 + 1.96 * sqrt(0.0009 + 0.00009604)) / 1.038416 = 0.17436
        Assert.Equal(0.17436, SyntheticAllowance.WilsonUpper(10, 100, 1.96), 4);
        Assert.Equal(1.96 * 1.96 / 100 / (1 + 1.96 * 1.96 / 100), SyntheticAllowance.WilsonUpper(0, 100, 1.96), 10);
    }

    private static Record Clone(Record r) => Make(r.Sequence, r.Attributes.PMachine!.Value, r.Source);
}
