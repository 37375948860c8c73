using System.Text;
using System.Text.RegularExpressions;

namespace ProvenanceGuard.Provenance.Watermark;

/// <summary>
/// Byte-level BPE compatible with a tiktoken-format rank file (one "base64-token rank" per line): text is cut by
/// the encoding's split pattern, each piece's UTF-8 bytes are merged pairwise, always the adjacent pair whose
/// merged bytes have the lowest rank, and the ranks of the final parts are the token ids. So a lab can check text
/// against the exact tokenizer its generator used. The split pattern is a .NET regular expression (rewrite a
/// possessive quantifier such as <c>X++</c> as the atomic group <c>(?&gt;X+)</c>).
/// </summary>
public sealed class BytePairTokenizer : ITokenIds
{
    /// <summary>GPT-2's split pattern (r50k), which .NET reads as is.</summary>
    public const string Gpt2SplitPattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    // Byte strings are held as Latin-1 strings: one char per byte, usable as dictionary keys.
    private readonly Dictionary<string, int> _ranks;
    private readonly Regex _split;

    private BytePairTokenizer(Dictionary<string, int> ranks, Regex split)
    {
        _ranks = ranks;
        _split = split;
    }

    public int VocabularySize => _ranks.Count;

    /// <summary>Reads a rank file; a malformed line is a data error naming file and line, a bad pattern a configuration error.</summary>
    public static BytePairTokenizer Load(string rankFile, string splitPattern = Gpt2SplitPattern)
    {
        Regex split;
        try { split = new Regex(splitPattern, RegexOptions.CultureInvariant); }
        catch (ArgumentException e) { throw new ConfigurationException($"BPE split pattern: not a .NET regular expression ({e.Message})"); }
        var ranks = new Dictionary<string, int>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in File.ReadLines(rankFile))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            byte[] token;
            try { token = Convert.FromBase64String(parts[0]); }
            catch (FormatException) { throw new InvalidDataException($"{rankFile}:{number}: token is not base64"); }
            if (parts.Length != 2 || !int.TryParse(parts[1], out var rank) || rank < 0 || token.Length == 0)
                throw new InvalidDataException($"{rankFile}:{number}: expected \"<base64 token> <rank>\"");
            if (!ranks.TryAdd(Encoding.Latin1.GetString(token), rank)) throw new InvalidDataException($"{rankFile}:{number}: token listed twice");
        }
        if (ranks.Count == 0) throw new InvalidDataException($"{rankFile}: no tokens");
        return new BytePairTokenizer(ranks, split);
    }

    public IReadOnlyList<ulong> Of(string text) => Encode(text).Select(r => (ulong)r).ToList();

    public List<int> Encode(string text)
    {
        var ids = new List<int>();
        foreach (Match piece in _split.Matches(text))
        {
            var bytes = Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(piece.Value));
            if (_ranks.TryGetValue(bytes, out var whole)) { ids.Add(whole); continue; }
            foreach (var part in Merge(bytes))
                ids.Add(_ranks.TryGetValue(part, out var rank) ? rank
                    : throw new InvalidDataException($"the BPE rank file has no token for the bytes {Convert.ToHexString(Encoding.Latin1.GetBytes(part))}"));
        }
        return ids;
    }

    private List<string> Merge(string bytes)
    {
        var parts = bytes.Select(b => b.ToString()).ToList();
        while (parts.Count > 1)
        {
            var best = -1;
            var bestRank = int.MaxValue;
            for (var i = 0; i + 1 < parts.Count; i++)
                if (_ranks.TryGetValue(parts[i] + parts[i + 1], out var rank) && rank < bestRank) (best, bestRank) = (i, rank);
            if (best < 0) break;
            parts[best] += parts[best + 1];
            parts.RemoveAt(best + 1);
        }
        return parts;
    }
}
