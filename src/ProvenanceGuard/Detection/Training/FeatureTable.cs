using ProvenanceGuard.Detection.Features;

namespace ProvenanceGuard.Detection.Training;

/// <summary>Extracts <see cref="FeatureRow"/>s for many texts, in parallel; too-short texts get null.</summary>
public static class FeatureTable
{
    public static FeatureRow?[] Extract(TextFeaturizer featurizer, IReadOnlyList<string> texts, int maxThreads = 2)
    {
        var rows = new FeatureRow?[texts.Count];
        Parallel.For(0, texts.Count, new ParallelOptions { MaxDegreeOfParallelism = maxThreads },
            () => new Dictionary<int, float>(8192),
            (i, _, values) =>
            {
                values.Clear();
                var dense = new double[DenseFeatureLayout.Count];
                var sink = new CollectingSink(values);
                if (featurizer.Extract(texts[i], dense, ref sink))
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
}
