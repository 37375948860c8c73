using ProvenanceGuard.Detection.Features;

namespace ProvenanceGuard.Detection.Training;

/// <summary>
/// Grouped cross-validation scored three ways: each held-out text as it is, cut to its first <see cref="CutWords"/>
/// words, and joined to another held-out text (<see cref="LengthVariants"/>), which is scored in windows as the trained
/// detector scores it (<see cref="ScoringWindows"/>). A model whose gain comes from what length
/// means inside the training data's narrow band of lengths is better on the first and worse on the other two. The
/// variants are scored by grouped CV's own fits (<see cref="Score"/>), so the check costs no fit of its own. Their scores
/// are on the model's own scale, so each row also says how many texts the model's threshold flags: whether the
/// false-positive rate it was set for holds at other lengths.
/// </summary>
public sealed class LengthCheck
{
    public const string Protocol = "length check (grouped CV)";
    public const int CutWords = 60;

    private readonly TrainingSet _set;
    private readonly IReadOnlyList<Split> _splits;
    private readonly FeatureRow?[] _cut;
    private readonly IReadOnlyList<(int First, int Second)>[] _pairs;
    private readonly FeatureRow[][][] _joined;
    private readonly (double Score, int Text)[][] _cutScores;
    private readonly (double Score, int Text)[][] _joinedScores;

    public LengthCheck(TrainingSet set, TextFeaturizer featurizer, IReadOnlyList<Split> splits, TrainingOptions options, ScoringWindows? windows)
    {
        var threads = Math.Max(1, options.Threads);
        _set = set;
        _splits = splits;
        _cut = FeatureTable.Extract(featurizer, set.Texts.Select(t => LengthVariants.Cut(t.Text, CutWords)).ToList(), threads);
        _pairs = [.. splits.Select(s => LengthVariants.JoinedPairs(set.Texts, s.Test, options.GroupField))];
        _joined = [.. _pairs.Select(p => FeatureTable.ExtractWindowed(featurizer, windows, p.Select(x => set.Texts[x.First].Text + " " + set.Texts[x.Second].Text).ToList(), threads))];
        _cutScores = new (double, int)[splits.Count][];
        _joinedScores = new (double, int)[splits.Count][];
    }

    /// <summary>Scores split <paramref name="fold"/>'s cut and joined texts with that split's fit; safe to call for different folds at once.</summary>
    public void Score(int fold, FittedClassifier fitted)
    {
        _cutScores[fold] = [.. _splits[fold].Test.Where(i => _cut[i] is not null).Select(i => (fitted.RawScore(_cut[i]!), i))];
        _joinedScores[fold] = [.. _pairs[fold].Select((p, j) => (p, rows: _joined[fold][j])).Where(x => x.rows.Length > 0)
            .Select(x => (x.rows.Average(fitted.RawScore), x.p.First))];
    }

    /// <summary>Once every fold is scored: each cut text's raw score with the index of the text it was cut from.</summary>
    public IReadOnlyList<(double Score, int Text)> CutScores => [.. _cutScores.SelectMany(f => f)];

    /// <summary>Once every fold is scored: each joined text's raw score with the index of its first text (the second shares its label).</summary>
    public IReadOnlyList<(double Score, int Text)> JoinedScores => [.. _joinedScores.SelectMany(f => f)];

    /// <summary>
    /// The three rows, once every fold is scored; <paramref name="outOfFold"/> are grouped CV's raw scores of the texts as
    /// they are, which <paramref name="calibration"/> turns into the log-likelihood ratios <paramref name="threshold"/> applies to.
    /// </summary>
    public IReadOnlyList<HeldOutResult> Results(IReadOnlyList<double> outOfFold, PlattCalibrator calibration, double threshold)
    {
        HeldOutResult Result(string variant, IReadOnlyList<(double Score, int Text)> all)
        {
            var labels = all.Select(x => _set.IsMachine(x.Text)).ToArray();
            return HeldOutResult.Measure(Protocol, variant, [.. all.Select(x => x.Score)], labels) with
            {
                AtThreshold = RatesAtThreshold.Measure([.. all.Select(x => calibration.LogLikelihoodRatio(x.Score))], labels, threshold),
            };
        }

        return
        [
            Result("as judged", [.. Enumerable.Range(0, _set.Count).Select(i => (outOfFold[i], i))]),
            Result($"cut to the first {CutWords} words", CutScores),
            Result("two held-out texts joined", JoinedScores),
        ];
    }
}
