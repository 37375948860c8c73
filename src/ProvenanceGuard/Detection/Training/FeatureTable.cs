using ProvenanceGuard.Detection.Features;

namespace ProvenanceGuard.Detection.Training;

/// <summary>Extracts <see cref="FeatureRow"/>s for many texts, in parallel; too-short texts get null.</summary>
public static class FeatureTable
{
    /// <param name="skipOpening">False for windows of a longer text (<see cref="TextFeaturizer.Extract"/>).</param>
    public static FeatureRow?[] Extract(TextFeaturizer featurizer, IReadOnlyList<string> texts, int maxThreads = 2, bool skipOpening = true)
    {
        var rows = new FeatureRow?[texts.Count];
        Parallel.For(0, texts.Count, new ParallelOptions { MaxDegreeOfParallelism = maxThreads },
            () => new Dictionary<int, float>(8192),
            (i, _, values) =>
            {
                values.Clear();
                var dense = new double[DenseFeatureLayout.Count];
                var sink = new CollectingSink(values);
                if (featurizer.Extract(texts[i], dense, ref sink, skipOpening))
                {
                    var indices = values.Keys.ToArray();
                    Array.Sort(indices);
                    var vals = new float[indices.Length];
                    for (var j = 0; j < indices.Length; j++) vals[j] = values[indices[j]];
                    rows[i] = new FeatureRow(dense, indices, vals);
                }
                return values;
            },
            _ => { });
        return rows;
    }

    /// <summary>
    /// Each text's rows as the trained detector scores it: one row for a text of ordinary length, one per window for a
    /// longer text (<see cref="ScoringWindows"/>; null = every text whole, as a model without windows scores it); rows too
    /// short to judge are left out, so a text may have none.
    /// </summary>
    public static FeatureRow[][] ExtractWindowed(TextFeaturizer featurizer, ScoringWindows? windows, IReadOnlyList<string> texts, int maxThreads = 2)
    {
        var whole = new List<(int Text, string Piece)>();
        var windowed = new List<(int Text, string Piece)>();
        for (var i = 0; i < texts.Count; i++)
        {
            if (windows is null || !windows.Applies(featurizer, texts[i], out var judged, out var words, out var count)) whole.Add((i, texts[i]));
            else
                foreach (var window in ScoringWindows.Split(judged, words, count)) windowed.Add((i, window.ToString()));
        }
        var rows = new List<FeatureRow>[texts.Count];
        for (var i = 0; i < rows.Length; i++) rows[i] = [];
        foreach (var (pieces, skipOpening) in new[] { (whole, true), (windowed, false) })
        {
            var extracted = Extract(featurizer, [.. pieces.Select(p => p.Piece)], maxThreads, skipOpening);
            for (var j = 0; j < extracted.Length; j++)
                if (extracted[j] is { } row) rows[pieces[j].Text].Add(row);
        }
        return [.. rows.Select(r => r.ToArray())];
    }
}
