using ProvenanceGuard.Provenance.Fusion;
using ProvenanceGuard.Records;
using Record = ProvenanceGuard.Records.Record;

namespace ProvenanceGuard.Tests.Provenance.Fusion;

public class RecordEvidenceTests
{
    private static Record WithMetadata(string json) => new()
    {
        Id = "r1", Text = "text", Source = "web", ContentSha256 = "00", Origin = new RecordOrigin("in.jsonl", 1, 0), Sequence = 0, MetadataJson = json,
    };

    [Fact]
    public void The_declared_generator_is_read_from_the_configured_field()
    {
        var record = WithMetadata("""{"model_name": "gen-7", "generated_by": ""}""");

        Assert.Equal("gen-7", RecordEvidence.From(record, generatedByField: "model_name").GeneratedBy);
        Assert.Null(RecordEvidence.From(record).GeneratedBy);
    }

    [Fact]
    public void A_text_too_short_to_judge_gives_the_fusion_no_detector_evidence()
    {
        var record = WithMetadata("{}");
        record.Attributes.TooShortToJudge = true;

        Assert.Null(RecordEvidence.From(record).DetectorLogLikelihoodRatio);
        Assert.Contains("detector abstained", new EvidenceFusion(new FusionOptions()).Fuse(RecordEvidence.From(record)).Evidence);
    }
}
