using System.Globalization;
using System.Net;
using System.Text;

namespace ProvenanceGuard.Audit;

/// <summary>
/// Renders report.html: one self-contained page (inline CSS and SVG, no script, no external asset; a
/// Content-Security-Policy forbids scripts outright) with the release's totals, rejection reasons, detector
/// score histograms by source, synthetic share per shard against the quota, duplicate clusters, simulator
/// curves and the gate verdict. Every piece of record text is HTML-escaped.
/// </summary>
public static class AuditReport
{
    public const string FileName = "report.html";

    public static string Write(string release)
    {
        var html = Render(ReleaseFacts.Read(release));
        var path = Path.Combine(release, FileName);
        Curation.Shards.AtomicFile.WriteAllBytes(path, Encoding.UTF8.GetBytes(html));
        return path;
    }

    public static string Render(ReleaseFacts facts)
    {
        var m = facts.Manifest;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">");
        html.Append($"<title>Audit: {E(m.Pipeline.Name)} release {E(m.RunId)}</title><style>{Css}</style></head><body>");
        html.Append($"<h1>Audit of release <code>{E(m.RunId)}</code></h1>");
        html.Append("<table class=\"facts\">");
        Row(html, "pipeline", $"{m.Pipeline.Name} (config {m.Pipeline.ConfigSha256[..12]}…, seed {m.Pipeline.Seed})");
        Row(html, "created", m.CreatedAt.ToString("u", CultureInfo.InvariantCulture));
        Row(html, "code version", m.CodeVersion);
        Row(html, "detector", m.Detector is { } d ? $"{d.Name}@{d.Version} (model {d.ModelDigest[..12]}…)" : "none");
        Row(html, "inputs", string.Join(", ", m.Inputs.Select(i => $"{i.Source}: {i.Records:N0} records")));
        html.Append("</table>");

        html.Append("<h2 id=\"totals\">Totals by disposition</h2>");
        var d0 = m.Dispositions;
        html.Append($"<p class=\"{(d0.Conserved ? "ok" : "bad")}\">in {d0.In:N0} = kept {d0.Kept:N0} + rejected {d0.Rejected:N0} + duplicate {d0.Duplicate:N0}: " +
                    $"{(d0.Conserved ? "holds" : "VIOLATED")}</p>");
        html.Append(SvgCharts.Bars("Records by disposition", [new("kept", d0.Kept), new("rejected", d0.Rejected), new("duplicate", d0.Duplicate)], "N0"));

        html.Append("<h2 id=\"rejections\">Rejection reasons</h2>");
        html.Append(m.RejectedByReason.Count == 0
            ? "<p>No record was rejected.</p>"
            : SvgCharts.Bars("Rejected records by reason", m.RejectedByReason.Select(kv => new Bar(kv.Key, kv.Value)).ToList(), "N0"));

        html.Append("<h2 id=\"scores\">Detector scores by source</h2>");
        if (facts.ScoreHistogramBySource.Count == 0) html.Append("<p>No record was scored.</p>");
        foreach (var (source, bins) in facts.ScoreHistogramBySource)
        {
            var bars = bins.Select((count, i) => new Bar($"{(double)i / bins.Length:0.00}", count)).ToList();
            html.Append(SvgCharts.Bars($"P(machine) of {source}'s records (threshold {m.SyntheticShare.Threshold:0.##})", bars, "N0"));
        }

        html.Append("<h2 id=\"shards\">Synthetic share per shard</h2>");
        html.Append($"<p>Share of rows flagged synthetic (P(machine) ≥ {m.SyntheticShare.Threshold:0.##}) with its 95% Wilson interval; the dashed line is the quota ({m.Policy.MaxSyntheticShare:P0}).</p>");
        var shardBars = m.Shards.Select(s =>
        {
            var (low, high) = WilsonInterval.Of(s.FlaggedSynthetic, s.Rows);
            return new Bar(Path.GetFileName(s.File), s.Rows == 0 ? 0 : (double)s.FlaggedSynthetic / s.Rows, low, high);
        }).ToList();
        html.Append(shardBars.Count == 0 ? "<p>No shard was written.</p>"
            : SvgCharts.Bars("Flagged synthetic share per shard", shardBars, "0.00", (m.Policy.MaxSyntheticShare, "quota")));
        html.Append("<table><tr><th>shard</th><th>rows</th><th>flagged</th><th>share</th><th>95% interval</th><th>sha256</th></tr>");
        foreach (var (s, bar) in m.Shards.Zip(shardBars))
            html.Append($"<tr><td>{E(s.File)}</td><td>{s.Rows:N0}</td><td>{s.FlaggedSynthetic:N0}</td><td>{bar.Value:P1}</td><td>{bar.Low:P1} – {bar.High:P1}</td><td><code>{E(s.Sha256[..16])}…</code></td></tr>");
        html.Append("</table>");

        html.Append("<h2 id=\"duplicates\">Duplicate clusters</h2>");
        html.Append(facts.DuplicateClusterSizes.Count == 0 ? "<p>No duplicates.</p>"
            : SvgCharts.Bars("Clusters by size (records sharing one text)", facts.DuplicateClusterSizes.Select(kv => new Bar(kv.Key.ToString(CultureInfo.InvariantCulture), kv.Value)).ToList(), "N0"));

        html.Append("<h2 id=\"simulation\">Collapse simulation</h2>");
        if (facts.SimulationCharts.Count == 0) html.Append("<p>No simulation in this release (run <code>provguard simulate … --out RELEASE/simulation</code>).</p>");
        else
        {
            if (facts.SimulationVerdictJson is { } verdict) html.Append($"<p>Verdict:</p><pre>{E(verdict)}</pre>");
            foreach (var (name, svg) in facts.SimulationCharts) html.Append($"<figure class=\"simulation\">{SafeSvg(svg)}<figcaption>{E(name)}</figcaption></figure>");
        }

        html.Append("<h2 id=\"gate\">Release gate</h2>");
        html.Append(facts.GateReportJson is { } gate ? $"<pre>{E(gate)}</pre>" : "<p>The gate has not been run on this release.</p>");

        html.Append("<h2 id=\"rejected\">Rejected records: examples of each reason</h2>");
        html.Append("<table class=\"rejected\"><tr><th>id</th><th>reason</th><th>message</th><th>text</th></tr>");
        foreach (var r in facts.RejectedSamples)
            html.Append($"<tr><td>{E(r.Id)}</td><td>{E(r.Reason)}</td><td>{E(r.Message ?? "")}</td><td class=\"text\">{E(r.Preview)}</td></tr>");
        html.Append("</table></body></html>");
        return html.ToString();
    }

    /// <summary>The simulator's charts are ours, but an SVG can carry script: keep only what a chart needs.</summary>
    private static string SafeSvg(string svg)
    {
        if (System.Text.RegularExpressions.Regex.IsMatch(svg, @"<script|\son\w+\s*=", System.Text.RegularExpressions.RegexOptions.IgnoreCase))
            return "<p>(chart omitted: it contained active content)</p>";
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        return start >= 0 ? svg[start..] : "<p>(not an SVG chart)</p>";
    }

    private static void Row(StringBuilder html, string name, string value) => html.Append($"<tr><th>{E(name)}</th><td>{E(value)}</td></tr>");

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private const string Css = """
        body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; }
        h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
        table { border-collapse: collapse; margin: .5rem 0; } th, td { border: 1px solid #ddd; padding: .25rem .5rem; text-align: left; vertical-align: top; }
        td.text { max-width: 40rem; white-space: pre-wrap; font-family: monospace; font-size: .85rem; }
        .ok { color: #1a7f37; font-weight: bold; } .bad { color: #cf222e; font-weight: bold; }
        .chart-title { font-size: 14px; } .tick { font-size: 11px; fill: #444; }
        svg { display: block; margin: .5rem 0; max-width: 100%; height: auto; } figure { margin: 0; }
        """;
}
