using ProvenanceGuard.Detection.Tokenization;

namespace ProvenanceGuard.Curation.NearDuplicates;

/// <summary>Precision and recall of the index on near duplicates injected at one word-edit rate, with the true shingle Jaccard of the injected pairs.</summary>
/// <param name="RecallAboveThreshold">Recall over the injected pairs whose true Jaccard is at least the threshold (the pairs the index is meant to find).</param>
public sealed record NearDuplicateTrialResult(double EditRate, int Originals, int TruePositives, int FalsePositives, double Precision, double Recall,
    double MeanTrueJaccard, int PairsAboveThreshold, double RecallAboveThreshold, int Anchors, int BytesPerAnchor);

/// <summary>
/// Measures the index the way the issue asks: every original text is indexed, then one copy of each with a share
/// of its words edited (each edited word replaced by another word of the corpus or dropped, half and half) is
/// looked up. A copy found as its own original is a true positive; any other match (copy to a stranger,
/// original to original) is a false positive.
/// </summary>
public static class NearDuplicateTrial
{
    public static NearDuplicateTrialResult Run(IReadOnlyList<string> originals, double editRate, MinHashOptions options, int seed)
    {
        var random = new Random(seed);
        var vocabulary = originals.SelectMany(Words).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var index = new NearDuplicateIndex(options);
        int truePositives = 0, falsePositives = 0, above = 0, foundAbove = 0;
        for (var i = 0; i < originals.Count; i++)
            if (index.FindOrAdd(originals[i], i.ToString(System.Globalization.CultureInfo.InvariantCulture)) is not null) falsePositives++;
        double jaccardSum = 0;
        for (var i = 0; i < originals.Count; i++)
        {
            var copy = Edit(originals[i], editRate, vocabulary, random);
            var jaccard = Jaccard(Shingles(originals[i], options.ShingleWords), Shingles(copy, options.ShingleWords));
            jaccardSum += jaccard;
            if (jaccard >= options.Threshold) above++;
            if (index.FindOrAdd(copy, "copy") is not { } match) continue;
            if (index.RepresentativeOf(match.Anchor) == i.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                truePositives++;
                if (jaccard >= options.Threshold) foundAbove++;
            }
            else falsePositives++;
        }
        var found = truePositives + falsePositives;
        return new NearDuplicateTrialResult(editRate, originals.Count, truePositives, falsePositives,
            found == 0 ? 1 : (double)truePositives / found, (double)truePositives / originals.Count, jaccardSum / originals.Count,
            above, above == 0 ? double.NaN : (double)foundAbove / above, index.Anchors, index.ApproximateBytesPerAnchor);
    }

    public static string Edit(string text, double rate, IReadOnlyList<string> vocabulary, Random random)
    {
        var words = new List<string>();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (random.NextDouble() >= rate) words.Add(word);
            else if (random.Next(2) == 0) words.Add(vocabulary[random.Next(vocabulary.Count)]);
        }
        return string.Join(' ', words);
    }

    private static IEnumerable<string> Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static HashSet<string> Shingles(string text, int n)
    {
        var words = new List<string>();
        foreach (var token in WordTokenizer.Tokenize(text))
            if (token.Kind != TokenKind.Punctuation) words.Add(token.In(text).ToString().ToLowerInvariant());
        var shingles = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + n <= words.Count; i++) shingles.Add(string.Join(' ', words.Skip(i).Take(n)));
        return shingles;
    }

    private static double Jaccard(HashSet<string> a, HashSet<string> b)
    {
        var union = a.Count + b.Count - a.Count(b.Contains);
        return union == 0 ? 1 : (double)a.Count(b.Contains) / union;
    }
}
