using System.IO.Compression;
using System.Text.Json;
using ProvenanceGuard.Pipeline;
using ProvenanceGuard.Provenance;

namespace ProvenanceGuard.Audit;

/// <summary>A rejected record as the report shows it (text cut to a preview).</summary>
public sealed record RejectedSample(string Id, string Reason, string? Message, string Preview);

/// <summary>Everything the audit report shows, read from the release's own files (never from memory of the run).</summary>
public sealed record ReleaseFacts(
    ReleaseManifest Manifest,
    IReadOnlyDictionary<string, int[]> ScoreHistogramBySource,
    IReadOnlyDictionary<int, int> DuplicateClusterSizes,
    IReadOnlyList<RejectedSample> RejectedSamples,
    IReadOnlyList<(string Name, string Svg)> SimulationCharts,
    string? SimulationVerdictJson,
    string? GateReportJson)
{
    public const int HistogramBins = 20;

    /// <param name="samplesPerReason">How many rejected records of each reason the report shows.</param>
    public static ReleaseFacts Read(string release, int samplesPerReason = 5)
    {
        var manifestPath = Path.Combine(release, PipelineRunner.ManifestFile);
        if (!File.Exists(manifestPath)) throw new InvalidDataException($"{release}: no manifest.json; the release is incomplete");
        var manifest = JsonSerializer.Deserialize<ReleaseManifest>(File.ReadAllBytes(manifestPath), ReleaseManifest.JsonOptions)!;

        var histograms = new SortedDictionary<string, int[]>(StringComparer.Ordinal);
        var duplicatesOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in GzipLines(Path.Combine(release, manifest.DispositionsFile.File)))
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (root.TryGetProperty("duplicate_of", out var of)) duplicatesOf[of.GetString()!] = duplicatesOf.GetValueOrDefault(of.GetString()!) + 1;
            if (!root.TryGetProperty("p_machine", out var p)) continue;
            var source = root.GetProperty("source").GetString()!;
            if (!histograms.TryGetValue(source, out var bins)) histograms[source] = bins = new int[HistogramBins];
            bins[Math.Clamp((int)(p.GetDouble() * HistogramBins), 0, HistogramBins - 1)]++;
        }
        var clusterSizes = duplicatesOf.Values.GroupBy(n => n + 1).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count());

        var samples = new List<RejectedSample>();
        var perReason = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in GzipLines(Path.Combine(release, manifest.Rejected.File)))
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var reason = root.TryGetProperty("reason", out var r) ? r.GetString()! : "";
            if ((perReason[reason] = perReason.GetValueOrDefault(reason) + 1) > samplesPerReason) continue;
            var text = root.GetProperty("text").GetString() ?? "";
            samples.Add(new RejectedSample(root.GetProperty("id").GetString()!, reason,
                root.TryGetProperty("message", out var m) ? m.GetString() : null, text.Length > 300 ? text[..300] + "…" : text));
        }
        samples.Sort((a, b) => string.CompareOrdinal(a.Reason, b.Reason));

        var simulation = Path.Combine(release, "simulation");
        var charts = Directory.Exists(simulation)
            ? Directory.GetFiles(simulation, "*.svg").Order(StringComparer.Ordinal).Select(f => (Path.GetFileNameWithoutExtension(f), File.ReadAllText(f))).ToList()
            : [];
        var verdict = File.Exists(Path.Combine(simulation, "summary.json")) ? VerdictOf(Path.Combine(simulation, "summary.json")) : null;
        var gate = File.Exists(Path.Combine(release, "gate.json")) ? File.ReadAllText(Path.Combine(release, "gate.json")) : null;
        return new ReleaseFacts(manifest, histograms, clusterSizes, samples, charts, verdict, gate);
    }

    private static string? VerdictOf(string summaryPath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(summaryPath));
        return doc.RootElement.TryGetProperty("verdict", out var verdict) ? verdict.GetRawText() : null;
    }

    private static IEnumerable<string> GzipLines(string path)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        while (reader.ReadLine() is { } line) yield return line;
    }
}
