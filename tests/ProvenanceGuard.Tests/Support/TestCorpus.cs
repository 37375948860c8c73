using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace ProvenanceGuard.Tests.Support;

/// <summary>A small seeded corpus in several formats with duplicates and broken lines, and a pipeline file that reads it.</summary>
public static class TestCorpus
{
    private static readonly string[] Words =
    [
        "the", "of", "and", "a", "to", "in", "is", "was", "he", "for", "it", "with", "as", "his", "on", "be", "at", "by", "had", "not",
        "river", "engine", "quietly", "harvest", "committee", "velvet", "granite", "whisper", "ledger", "orchard", "lantern", "copper",
        "meadow", "brittle", "thunder", "saddle", "parish", "verdict", "canvas", "oyster", "gallery", "tremor", "harbor", "mosaic",
    ];

    /// <summary>Random words; <paramref name="predictable"/> texts use only the most frequent English words, which the baseline detector flags as machine-like.</summary>
    public static string Text(Random random, int words, bool predictable = false)
    {
        var vocabulary = predictable ? 20 : Words.Length;
        var text = new StringBuilder();
        for (var i = 0; i < words; i++)
        {
            if (i > 0) text.Append(i % 12 == 0 ? ". " : " ");
            text.Append(Words[random.Next(vocabulary)]);
        }
        return text.Append('.').ToString();
    }

    /// <summary>Writes the corpus into <paramref name="folder"/> and returns the pipeline file path.</summary>
    public static string Write(string folder, int records = 600, int seed = 1, int shardRows = 100, double maxSyntheticShare = 0.10)
    {
        var random = new Random(seed);
        var texts = Enumerable.Range(0, records).Select(i => Text(random, random.Next(30, 120), predictable: i % 4 == 0)).ToList();
        string Line(int i, string text) => JsonSerializer.Serialize(new { id = $"r{i}", text, lang = "en" }) + "\n";

        var main = new StringBuilder();
        for (var i = 0; i < records / 2; i++)
        {
            main.Append(Line(i, texts[i]));
            if (i % 50 == 7) main.Append(Line(10_000 + i, texts[i / 2])); // an exact duplicate of an earlier record
            if (i % 97 == 3) main.Append("{\"id\": \"broken\", \"text\": \n");
        }
        File.WriteAllText(Path.Combine(folder, "main.jsonl"), main.ToString());

        using (var gzip = new GZipStream(File.Create(Path.Combine(folder, "more.jsonl.gz")), CompressionLevel.Fastest))
            for (var i = records / 2; i < records - 40; i++) gzip.Write(Encoding.UTF8.GetBytes(Line(i, texts[i])));

        var csv = new StringBuilder("id,text\n");
        for (var i = records - 40; i < records; i++) csv.Append($"r{i},\"{texts[i]}\"\n");
        csv.Append("bad,\"unterminated\n");
        File.WriteAllText(Path.Combine(folder, "tail.csv"), csv.ToString());

        var pipeline = $$"""
            {
              "name": "test",
              "sources": [
                { "name": "main", "path": "main.jsonl" },
                { "name": "more", "path": "more.jsonl.gz" },
                { "name": "tail", "path": "tail.csv" }
              ],
              "steps": [ { "type": "normalize" }, { "type": "detect" }, { "type": "dedup", "method": "exact" }, { "type": "quota" } ],
              "policy": { "maxSyntheticShare": {{maxSyntheticShare.ToString(System.Globalization.CultureInfo.InvariantCulture)}}, "syntheticThreshold": 0.5, "minTextChars": 20 },
              "output": { "shardRows": {{shardRows}} },
              "executor": { "batchRecords": 37, "splitBytes": 8192 },
              "detector": { "model": "models/baseline-unigram-surprisal-demo.json" }
            }
            """;
        var path = Path.Combine(folder, "pipeline.json");
        File.WriteAllText(path, pipeline);
        return path;
    }
}
