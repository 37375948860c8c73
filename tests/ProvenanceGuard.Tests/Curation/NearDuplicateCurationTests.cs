using ProvenanceGuard.Curation;
using ProvenanceGuard.Curation.NearDuplicates;
using ProvenanceGuard.Pipeline;
using ProvenanceGuard.Records;
using ProvenanceGuard.Tests.Support;
using Record = ProvenanceGuard.Records.Record;

namespace ProvenanceGuard.Tests.Curation;

/// <summary>Dedup method "minhash" in the curator: near duplicates join a global cluster and the cluster keeps its best record.</summary>
public class NearDuplicateCurationTests
{
    private static readonly StageDescriptors Stages = StageDescriptors.For(new PipelineDefinition(), "test", "1", "digest");

    private static ShardWindowCurator Curator(int shardRows) => new(new PipelineDefinition
    {
        Steps = [new() { Type = "detect" }, new() { Type = "dedup", Method = "minhash" }, new() { Type = "quota" }],
        Policy = new CurationPolicy { MaxSyntheticShare = 0.5, SyntheticThreshold = 0.5, MinTextChars = 3 },
        Output = new OutputOptions { ShardRows = shardRows },
    }, Stages, ".jsonl.gz");

    private static readonly string Base = TestCorpus.Text(new Random(9), 200);
    private static string Edited(int position) => string.Join(' ', Base.Split(' ').Select((w, i) => i == position ? "zeppelin" : w));

    private static Record Make(long sequence, string text, double? p, string? date = null) =>
        CuratorInputs.Scored(sequence, p, text, metadataJson: date is null ? null : $$"""{"date":"{{date}}"}""");

    private static List<ShardWindow> Feed(ShardWindowCurator curator, IEnumerable<Record> records) => CuratorInputs.Feed(curator, records);

    private static IEnumerable<Record> Unrelated(long from, int count) =>
        Enumerable.Range(0, count).Select(i => Make(from + i, TestCorpus.Text(new Random(100 + (int)from + i), 150), 0.1));

    [Fact]
    public void A_near_duplicate_of_a_record_kept_in_an_earlier_shard_is_its_duplicate()
    {
        var first = Make(0, Base, 0.3);
        var later = Make(10, Edited(50), 0.05); // better evidence, but the first copy already shipped in shard 0
        var records = new[] { first }.Concat(Unrelated(1, 3)).Append(later).Concat(Unrelated(11, 2)).ToList();
        var windows = Feed(Curator(shardRows: 4), records);

        Assert.Equal(DispositionKind.Kept, first.Disposition!.Kind);
        Assert.Equal(Disposition.DuplicateOfRecord("r0"), later.Disposition);
        Assert.Contains(later.Lineage, e => e.Stage == "dedup" && e.Decision.StartsWith("near_duplicate_of:r0:jaccard="));
        Assert.Equal(records.Count, windows.Sum(w => w.Records.Count));
        Assert.All(records, r => Assert.NotNull(r.Disposition));
    }

    [Fact]
    public void Within_a_window_the_cluster_keeps_its_strongest_human_evidence_and_the_others_point_at_it()
    {
        var first = Make(0, Base, 0.4);
        var exactCopy = Make(1, Base, 0.4);
        var better = Make(2, Edited(80), 0.1);
        var worse = Make(3, Edited(120), 0.6);
        var records = new[] { first, exactCopy, better, worse }.Concat(Unrelated(4, 3)).ToList();
        Feed(Curator(shardRows: 100), records);

        Assert.Equal(DispositionKind.Kept, better.Disposition!.Kind);
        Assert.Equal(Disposition.DuplicateOfRecord("r2"), first.Disposition);
        Assert.Equal(Disposition.DuplicateOfRecord("r2"), exactCopy.Disposition);
        Assert.Equal(Disposition.DuplicateOfRecord("r2"), worse.Disposition);
        Assert.Single(exactCopy.Lineage, e => e.Stage == "dedup");
        Assert.Equal("duplicate_of:r2", exactCopy.Lineage.Single(e => e.Stage == "dedup").Decision);

        // Exact copies arriving after the swap point at the representative too.
        var curator = Curator(shardRows: 100);
        var again = new[] { Make(0, Base, 0.4), Make(1, Edited(80), 0.1), Make(2, Base, 0.4) };
        Feed(curator, again);
        Assert.Equal(Disposition.DuplicateOfRecord("r1"), again[2].Disposition);
    }

    [Theory]
    [InlineData("1990-05-01", "1980-01-01", "r1")] // earlier date wins when the evidence ties
    [InlineData("1980-01-01", null, "r0")]         // a dated record beats an undated one
    public void Ties_in_evidence_go_to_the_earlier_date(string? firstDate, string? secondDate, string expectedKept)
    {
        var records = new[] { Make(0, Base, 0.2, firstDate), Make(1, Edited(10), 0.2, secondDate) };
        Feed(Curator(shardRows: 100), records);
        Assert.Equal(expectedKept, records.Single(r => r.Disposition!.Kind == DispositionKind.Kept).Id);
    }

    [Fact]
    public void Then_the_longer_text_then_the_smaller_id()
    {
        var order = new RepresentativeOrder("date");
        var shorter = Make(0, Base, 0.2);
        var longer = Make(1, Base + " and one more clause here", 0.2);
        Assert.True(order.Prefers(longer, shorter));
        var a = Make(5, Base, 0.2);
        var b = Make(4, Base, 0.2) is var r ? new Record { Id = "r9", Text = r.Text, Source = "s", ContentSha256 = r.ContentSha256, Origin = r.Origin, Sequence = 4 } : null!;
        b.Attributes.PMachine = 0.2;
        Assert.True(order.Prefers(a, b), "r5 < r9 by id, whatever the order of arrival");
        var unscored = Make(6, Base, null);
        Assert.True(order.Prefers(a, unscored), "a scored record is stronger evidence than an unscored one");
    }
}
