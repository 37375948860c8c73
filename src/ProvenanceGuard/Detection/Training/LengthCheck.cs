using ProvenanceGuard.Detection.Evaluation;
using ProvenanceGuard.Detection.Features;

namespace ProvenanceGuard.Detection.Training;

/// <summary>
/// Grouped cross-validation scored three ways: each held-out text as it is, cut to its first <see cref="CutWords"/>
/// words, and joined to another held-out text (<see cref="LengthVariants"/>). A model whose gain comes from what length
/// means inside the training data's narrow band of lengths is better on the first and worse on the other two.
/// </summary>
public static class LengthCheck
{
    public const string Protocol = "length check (grouped CV)";
    public const int CutWords = 60;

    public static IReadOnlyList<HeldOutResult> Run(TrainingSet set, TextFeaturizer featurizer, IReadOnlyList<Split> splits, TrainingOptions options)
    {
        var threads = Math.Max(1, options.Threads);
        var cut = FeatureTable.Extract(featurizer, set.Texts.Select(t => LengthVariants.Cut(t.Text, CutWords)).ToList(), threads);
        var pairs = splits.Select(s => LengthVariants.JoinedPairs(set.Texts, s.Test, options.GroupField)).ToArray();
        var joined = pairs.Select(p => FeatureTable.Extract(featurizer, p.Select(x => set.Texts[x.First].Text + " " + set.Texts[x.Second].Text).ToList(), threads))
            .ToArray();

        var asJudged = new List<(double, bool)>[splits.Count];
        var cutScores = new List<(double, bool)>[splits.Count];
        var joinedScores = new List<(double, bool)>[splits.Count];
        Parallel.For(0, splits.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, k =>
        {
            var fitted = FittedClassifier.Fit(set, splits[k].Train, options);
            asJudged[k] = [.. splits[k].Test.Select(i => (fitted.RawScore(set.Rows[i]), set.IsMachine(i)))];
            cutScores[k] = [.. splits[k].Test.Where(i => cut[i] is not null).Select(i => (fitted.RawScore(cut[i]!), set.IsMachine(i)))];
            joinedScores[k] = [.. pairs[k].Select((p, j) => (p, row: joined[k][j])).Where(x => x.row is not null)
                .Select(x => (fitted.RawScore(x.row!), set.IsMachine(x.p.First)))];
        });
        return
        [
            Result("as judged", asJudged),
            Result($"cut to the first {CutWords} words", cutScores),
            Result("two held-out texts joined", joinedScores),
        ];
    }

    private static HeldOutResult Result(string variant, IEnumerable<List<(double Score, bool Machine)>> folds)
    {
        var all = folds.SelectMany(f => f).ToArray();
        var scores = all.Select(x => x.Score).ToArray();
        var labels = all.Select(x => x.Machine).ToArray();
        return new HeldOutResult(Protocol, variant, all.Length, ScoreMetrics.Auroc(scores, labels), ScoreMetrics.TprAtFpr(scores, labels, 0.01));
    }
}
