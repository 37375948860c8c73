using ProvenanceGuard.Detection.Data;
using ProvenanceGuard.Detection.Features;

namespace ProvenanceGuard.Detection.Training;

/// <summary>Labelled texts with their extracted features; texts too short to judge are set aside and counted.</summary>
public sealed class TrainingSet
{
    private TrainingSet(IReadOnlyList<LabelledText> texts, IReadOnlyList<FeatureRow> rows, int tooShort)
    {
        Texts = texts;
        Rows = rows;
        TooShort = tooShort;
    }

    public IReadOnlyList<LabelledText> Texts { get; }
    public IReadOnlyList<FeatureRow> Rows { get; }
    public int TooShort { get; }
    public int Count => Texts.Count;
    public bool IsMachine(int i) => Texts[i].IsMachine;

    public static TrainingSet Extract(IReadOnlyList<LabelledText> texts, TextFeaturizer featurizer, int threads)
    {
        var rows = FeatureTable.Extract(featurizer, texts.Select(t => t.Text).ToList(), threads);
        var keptTexts = new List<LabelledText>(texts.Count);
        var keptRows = new List<FeatureRow>(texts.Count);
        for (var i = 0; i < rows.Length; i++)
        {
            if (rows[i] is not { } row) continue;
            keptTexts.Add(texts[i]);
            keptRows.Add(row);
        }
        return new TrainingSet(keptTexts, keptRows, texts.Count - keptTexts.Count);
    }

    /// <summary>Assigns every group to one of <paramref name="folds"/> folds, shuffled with a seeded generator.</summary>
    public int[] GroupFolds(string groupField, int folds, int seed)
    {
        var groups = Texts.Select((t, i) => GroupOf(t, groupField, i)).ToArray();
        var distinct = groups.Distinct(StringComparer.Ordinal).OrderBy(g => g, StringComparer.Ordinal).ToArray();
        new Random(seed).Shuffle(distinct);
        var foldOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < distinct.Length; i++) foldOf[distinct[i]] = i % folds;
        return groups.Select(g => foldOf[g]).ToArray();
    }

    // A text without a group field is its own group.
    private static string GroupOf(LabelledText text, string field, int index) =>
        text.Fields.TryGetValue(field, out var g) && g.Length > 0 ? g : "#row" + index;
}
