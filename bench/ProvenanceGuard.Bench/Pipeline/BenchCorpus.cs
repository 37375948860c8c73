using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ProvenanceGuard.Detection.Reference;
using ProvenanceGuard.Generation;

namespace ProvenanceGuard.Bench.Pipeline;

/// <summary>
/// A large JSONL corpus of real English sentences (Brown Corpus, reshuffled into 1-4 KB documents) with
/// 2% exact duplicates, written once per size and reused by later bench runs.
/// </summary>
internal static class BenchCorpus
{
    public static string Ensure(string folder, double gigabytes, int seed = 17)
    {
        var target = (long)(gigabytes * 1e9);
        var path = Path.Combine(folder, $"corpus-{gigabytes:0.##}gb.jsonl");
        if (File.Exists(path) && new FileInfo(path).Length >= target) return path;
        Directory.CreateDirectory(folder);

        var sentences = BrownCorpus.Open().Documents().SelectMany(d => d.Sentences).Select(s => Detokenizer.Join(s)).ToArray();
        var random = new Random(seed);
        var json = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var recent = new List<string>();
        long written = 0, id = 0;
        using (var writer = new StreamWriter(path + ".tmp", false, new UTF8Encoding(false), 1 << 20))
        {
            var text = new StringBuilder();
            while (written < target)
            {
                string body;
                if (recent.Count > 100 && random.NextDouble() < 0.02) body = recent[random.Next(recent.Count)];
                else
                {
                    text.Clear();
                    var length = random.Next(1000, 4000);
                    while (text.Length < length) text.Append(sentences[random.Next(sentences.Length)]).Append(' ');
                    body = text.ToString().TrimEnd();
                    if (recent.Count < 1000) recent.Add(body); else recent[random.Next(recent.Count)] = body;
                }
                var line = JsonSerializer.Serialize(new { id = $"doc-{id++}", text = body, url = $"https://example.org/{id}" }, json);
                writer.Write(line);
                writer.Write('\n');
                written += Encoding.UTF8.GetByteCount(line) + 1;
            }
        }
        File.Move(path + ".tmp", path, overwrite: true);
        return path;
    }
}
