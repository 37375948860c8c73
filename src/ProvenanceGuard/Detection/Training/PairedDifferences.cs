namespace ProvenanceGuard.Detection.Training;

/// <summary>
/// Training rows for a within-group (conditional) logistic regression: every machine text minus every
/// human text of the same group, once as a machine-first example and once mirrored. Features the two
/// texts of an article share, chiefly its topic, cancel, so the weights learn what differs between a
/// human article and a machine continuation of it rather than which articles were continued.
/// </summary>
public static class PairedDifferences
{
    /// <summary>
    /// The single-text rows (class-balanced) and the difference rows together, weighted so the differences carry
    /// <paramref name="pairedWeight"/> of the loss; the weights average 1 so the L2 penalty keeps its meaning.
    /// At 1 only the differences are returned; with no pairs to form (no groups), below 1 the single texts alone.
    /// </summary>
    public static (List<SparseRow> Rows, List<bool> Labels, List<double> Weights) Mix(List<SparseRow> rows, List<bool> labels,
        IReadOnlyList<string> groups, double pairedWeight)
    {
        var (pairRows, pairLabels) = Build(rows, labels, groups);
        if (pairRows.Count == 0 && pairedWeight >= 1) throw new InvalidDataException("Paired training needs groups holding both a human and a machine text.");
        if (pairRows.Count == 0) pairedWeight = 0;
        if (pairedWeight >= 1) return (pairRows, pairLabels, [.. Enumerable.Repeat(1.0, pairRows.Count)]);
        var machines = labels.Count(l => l);
        var humans = labels.Count - machines;
        if (machines == 0 || humans == 0) throw new ArgumentException("Training needs both human and machine examples.");
        var total = (double)(rows.Count + pairRows.Count);
        var singleShare = (1 - pairedWeight) * total;
        var weights = labels.Select(l => singleShare / (2.0 * (l ? machines : humans))).ToList();
        weights.AddRange(Enumerable.Repeat(pairedWeight * total / Math.Max(1, pairRows.Count), pairRows.Count));
        return ([.. rows, .. pairRows], [.. labels, .. pairLabels], weights);
    }

    /// <summary>Difference rows and their labels (true = machine first); texts without a group, or whose group lacks the other class, add none.</summary>
    /// <param name="labels">True for machine texts; parallel to <paramref name="rows"/>, as is <paramref name="groups"/>.</param>
    public static (List<SparseRow> Rows, List<bool> Labels) Build(IReadOnlyList<SparseRow> rows, IReadOnlyList<bool> labels, IReadOnlyList<string> groups)
    {
        var pairRows = new List<SparseRow>();
        var pairLabels = new List<bool>();
        foreach (var (m, h) in Pairs(labels, groups))
        {
            var difference = Subtract(rows[m], rows[h]);
            pairRows.Add(difference);
            pairLabels.Add(true);
            pairRows.Add(new SparseRow(difference.Indices, Array.ConvertAll(difference.Values, v => -v)));
            pairLabels.Add(false);
        }
        return (pairRows, pairLabels);
    }

    /// <summary>Every (machine, human) index pair that shares a non-empty group, in group order.</summary>
    public static List<(int Machine, int Human)> Pairs(IReadOnlyList<bool> labels, IReadOnlyList<string> groups)
    {
        var pairs = new List<(int, int)>();
        foreach (var group in Enumerable.Range(0, labels.Count).Where(i => groups[i].Length > 0)
                     .GroupBy(i => groups[i], StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            foreach (var m in group.Where(i => labels[i]))
                foreach (var h in group.Where(i => !labels[i]))
                    pairs.Add((m, h));
        return pairs;
    }

    /// <summary>a − b over sorted unique indices; entries that cancel exactly are dropped.</summary>
    public static SparseRow Subtract(SparseRow a, SparseRow b)
    {
        var indices = new List<int>(a.Indices.Length + b.Indices.Length);
        var values = new List<float>(indices.Capacity);
        int i = 0, j = 0;
        while (i < a.Indices.Length || j < b.Indices.Length)
        {
            int index;
            float value;
            if (j == b.Indices.Length || (i < a.Indices.Length && a.Indices[i] < b.Indices[j])) { index = a.Indices[i]; value = a.Values[i++]; }
            else if (i == a.Indices.Length || b.Indices[j] < a.Indices[i]) { index = b.Indices[j]; value = -b.Values[j++]; }
            else { index = a.Indices[i]; value = a.Values[i++] - b.Values[j++]; }
            if (value == 0) continue;
            indices.Add(index);
            values.Add(value);
        }
        return new SparseRow([.. indices], [.. values]);
    }
}
