using ProvenanceGuard.Provenance.Fusion;
using ProvenanceGuard.Provenance.Watermark;
using ProvenanceGuard.Records;
using Record = ProvenanceGuard.Records.Record;

namespace ProvenanceGuard.Tests.Provenance.Fusion;

public class EvidenceFusionTests
{
    private static readonly EvidenceFusion Fusion = new(new FusionOptions
    {
        AllowSources = ["gutenberg.org", "https://archive.example.org/1990s/*"],
        DenySources = ["contentfarm.example"],
    });

    private static readonly DateTimeOffset PreEra = new(2019, 5, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset InEra = new(2024, 2, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Without_evidence_the_default_prior_is_the_answer()
    {
        var verdict = Fusion.Fuse(new ProvenanceEvidence());
        Assert.Equal(0.2, verdict.PSynthetic, 12);
        Assert.False(verdict.Decisive);
        Assert.Contains("detector abstained", verdict.Evidence);
    }

    [Fact]
    public void The_detector_ratio_moves_the_prior_by_bayes_rule()
    {
        // prior odds 0.25 times e^ln(12) = 3, so P = 0.75.
        var verdict = Fusion.Fuse(new ProvenanceEvidence { DetectorLogLikelihoodRatio = Math.Log(12) });
        Assert.Equal(0.75, verdict.PSynthetic, 12);
    }

    [Fact]
    public void A_declaration_or_a_watermark_hit_is_decisive_even_against_a_pre_era_date_and_a_trusted_source()
    {
        var declared = Fusion.Fuse(new ProvenanceEvidence { Source = "https://www.gutenberg.org/x", PublishedAt = PreEra, GeneratedBy = "gpt-4o", DetectorLogLikelihoodRatio = -5 });
        var watermarked = Fusion.Fuse(new ProvenanceEvidence { Source = "gutenberg.org", PublishedAt = PreEra, WatermarkHit = true, WatermarkZ = 7.25 });

        Assert.Equal((1.0, true), (declared.PSynthetic, declared.Decisive));
        Assert.Equal((1.0, true), (watermarked.PSynthetic, watermarked.Decisive));
        Assert.Contains("watermark hit (z=7.25): decisive", watermarked.Evidence);
    }

    [Fact]
    public void A_pre_era_date_lowers_the_probability_but_strong_detector_evidence_can_still_win()
    {
        var inEra = Fusion.Fuse(new ProvenanceEvidence { PublishedAt = InEra, DetectorLogLikelihoodRatio = 2 });
        var preEra = Fusion.Fuse(new ProvenanceEvidence { PublishedAt = PreEra, DetectorLogLikelihoodRatio = 2 });
        var preEraStrong = Fusion.Fuse(new ProvenanceEvidence { PublishedAt = PreEra, DetectorLogLikelihoodRatio = 8 });

        Assert.True(preEra.PSynthetic < inEra.PSynthetic / 5, $"{preEra.PSynthetic} vs {inEra.PSynthetic}");
        Assert.True(preEra.PSynthetic > 0);
        Assert.True(preEraStrong.PSynthetic > 0.9, $"{preEraStrong.PSynthetic}");
        Assert.Contains(preEra.Evidence, e => e.StartsWith("published 2019-05-01 before the synthetic era (2022-11-30)"));
    }

    [Fact]
    public void The_crawl_date_counts_when_there_is_no_publication_date()
    {
        var verdict = Fusion.Fuse(new ProvenanceEvidence { CrawledAt = PreEra });
        Assert.Equal(0.2 * 0.05 / (0.8 + 0.2 * 0.05), verdict.PSynthetic, 12);
    }

    [Theory]
    [InlineData("https://www.gutenberg.org/ebooks/1", 0.02)]
    [InlineData("gutenberg.org", 0.02)]
    [InlineData("https://notgutenberg.org/", 0.2)]
    [InlineData("https://archive.example.org/1990s/page", 0.02)]
    [InlineData("https://archive.example.org/2020s/page", 0.2)]
    [InlineData("https://blog.contentfarm.example/a", 0.9)]
    [InlineData(null, 0.2)]
    public void Source_lists_set_the_prior_by_domain_or_url_pattern(string? source, double prior) =>
        Assert.Equal(prior, Fusion.Fuse(new ProvenanceEvidence { Source = source }).Prior);

    [Fact]
    public void Evidence_comes_from_the_record_metadata_and_attributes()
    {
        var record = new Record
        {
            Id = "r1", Text = "text", Source = "web", ContentSha256 = "00", Origin = new RecordOrigin("in.jsonl", 3, 0), Sequence = 0,
            MetadataJson = """{"url":"https://contentfarm.example/p","published_at":"2021-03-04","generated_by":""}""",
        };
        record.Attributes.LogLikelihoodRatio = 1.5;

        var evidence = RecordEvidence.From(record, new WatermarkScore(100, 90, 20, 0.1, 0.46, false));
        var verdict = Fusion.Fuse(evidence);

        Assert.Equal("https://contentfarm.example/p", evidence.Source);
        Assert.Equal(new DateTimeOffset(2021, 3, 4, 0, 0, 0, TimeSpan.Zero), evidence.PublishedAt);
        Assert.Null(evidence.GeneratedBy);
        Assert.False(evidence.WatermarkHit);
        Assert.Equal(1.5, evidence.DetectorLogLikelihoodRatio);
        Assert.StartsWith("p_synthetic=0.", verdict.LineageDecision());
        Assert.Contains("source on deny list: contentfarm.example", verdict.LineageDecision());
    }

    [Fact]
    public void A_prior_outside_zero_one_is_a_configuration_error() =>
        Assert.Throws<ConfigurationException>(() => new EvidenceFusion(new FusionOptions { DefaultPrior = 1 }));
}
