using System.Globalization;

namespace ProvenanceGuard.Provenance.Fusion;

/// <summary>
/// Fuses a record's evidence into P(synthetic). A declared generator or a watermark hit is decisive (1.0).
/// Otherwise the prior comes from the source lists (deny over allow over default), a publication or crawl date
/// before the synthetic era multiplies its odds by <see cref="FusionOptions.PreEraOddsFactor"/>, and the detector's
/// log-likelihood ratio is added in log-odds (Bayes' rule), so a weak detector moves a strong prior only a little.
/// </summary>
public sealed class EvidenceFusion
{
    private readonly FusionOptions _options;
    private readonly SourcePattern[] _allow;
    private readonly SourcePattern[] _deny;

    public EvidenceFusion(FusionOptions options)
    {
        _options = options.Validated();
        _allow = options.AllowSources.Select(p => new SourcePattern(p)).ToArray();
        _deny = options.DenySources.Select(p => new SourcePattern(p)).ToArray();
    }

    public FusedVerdict Fuse(ProvenanceEvidence evidence)
    {
        var steps = new List<string>();
        var (prior, why) = SourcePrior(evidence.Source);
        steps.Add(Invariant($"prior {prior:0.####} ({why})"));

        if (!string.IsNullOrWhiteSpace(evidence.GeneratedBy))
        {
            steps.Add($"declared generated_by={evidence.GeneratedBy}: decisive");
            return new FusedVerdict(1.0, prior, true, steps);
        }
        if (evidence.WatermarkHit)
        {
            steps.Add(evidence.WatermarkZ is { } z ? Invariant($"watermark hit (z={z:0.##}): decisive") : "watermark hit: decisive");
            return new FusedVerdict(1.0, prior, true, steps);
        }

        var logOdds = Math.Log(prior / (1 - prior));
        if ((evidence.PublishedAt ?? evidence.CrawledAt) is { } date && date < _options.SyntheticEraStart)
        {
            var kind = evidence.PublishedAt is not null ? "published" : "crawled";
            logOdds += Math.Log(_options.PreEraOddsFactor);
            steps.Add(Invariant($"{kind} {date:yyyy-MM-dd} before the synthetic era ({_options.SyntheticEraStart:yyyy-MM-dd}): prior odds x{_options.PreEraOddsFactor:0.####}"));
        }
        if (evidence.DetectorLogLikelihoodRatio is { } llr && double.IsFinite(llr))
        {
            logOdds += llr;
            steps.Add(Invariant($"detector log-likelihood ratio {llr:+0.###;-0.###;0}"));
        }
        else steps.Add("detector abstained");
        return new FusedVerdict(1 / (1 + Math.Exp(-logOdds)), prior, false, steps);
    }

    private (double Prior, string Why) SourcePrior(string? source)
    {
        if (_deny.FirstOrDefault(p => p.Matches(source)) is { } denied) return (_options.DeniedSourcePrior, $"source on deny list: {denied.Text}");
        if (_allow.FirstOrDefault(p => p.Matches(source)) is { } allowed) return (_options.AllowedSourcePrior, $"source on allow list: {allowed.Text}");
        return (_options.DefaultPrior, "default");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
