using ProvenanceGuard.Detection.Data;

namespace ProvenanceGuard.Detection.Training;

/// <summary>
/// Held-out texts made shorter and longer than the training texts, so a model that learned what length means only
/// within the training data's band of lengths shows it: each text cut to its first words, and two texts of the same
/// label, domain and generator from different groups joined into one.
/// </summary>
public static class LengthVariants
{
    /// <summary>The first <paramref name="words"/> whitespace-separated words of <paramref name="text"/>, joined by single spaces.</summary>
    public static string Cut(string text, int words) =>
        string.Join(' ', text.Split((char[]?)null, words + 1, StringSplitOptions.RemoveEmptyEntries).Take(words));

    /// <summary>
    /// Disjoint pairs among <paramref name="indices"/>: within each (label, domain, generator), texts ordered by group are
    /// paired with the text half the list further on, so each text is used at most once; pairs within one group are dropped.
    /// </summary>
    public static IReadOnlyList<(int First, int Second)> JoinedPairs(IReadOnlyList<LabelledText> texts, IEnumerable<int> indices, string groupField)
    {
        var pairs = new List<(int, int)>();
        foreach (var kind in indices.GroupBy(i => (texts[i].IsMachine, texts[i].Field("domain"), texts[i].Field("generator")))
                     .OrderBy(g => g.Key.IsMachine).ThenBy(g => g.Key.Item2, StringComparer.Ordinal).ThenBy(g => g.Key.Item3, StringComparer.Ordinal))
        {
            var ordered = kind.OrderBy(i => texts[i].Field(groupField), StringComparer.Ordinal).ThenBy(i => i).ToArray();
            var half = ordered.Length / 2;
            for (var j = 0; j < half; j++)
            {
                int first = ordered[j], second = ordered[j + half];
                if (texts[first].Field(groupField) != texts[second].Field(groupField)) pairs.Add((first, second));
            }
        }
        return pairs;
    }
}
