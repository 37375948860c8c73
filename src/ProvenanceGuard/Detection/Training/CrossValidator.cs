namespace ProvenanceGuard.Detection.Training;

/// <summary>One train/test split of a <see cref="TrainingSet"/>, by row index.</summary>
public sealed record Split(int[] Train, int[] Test);

/// <summary>
/// Out-of-fold scoring under the protocols the detector is judged by: grouped k-fold, leave one
/// generator out (its texts never seen in training, humans still split by group) and leave one domain out.
/// </summary>
public static class CrossValidator
{
    /// <summary>Raw out-of-fold scores; NaN for rows no split tested. <paramref name="eachFit"/> also gets every split's fit, by split index.</summary>
    public static double[] Scores(TrainingSet set, IReadOnlyList<Split> splits, TrainingOptions options, Action<int, FittedClassifier>? eachFit = null)
    {
        var scores = new double[set.Count];
        Array.Fill(scores, double.NaN);
        Parallel.For(0, splits.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Threads) }, k =>
        {
            var fitted = FittedClassifier.Fit(set, splits[k].Train, options);
            foreach (var i in splits[k].Test) scores[i] = fitted.RawScore(set.Rows[i]);
            eachFit?.Invoke(k, fitted);
        });
        return scores;
    }

    public static IReadOnlyList<Split> Grouped(TrainingSet set, TrainingOptions options)
    {
        var fold = set.GroupFolds(options.GroupField, options.Folds, options.Seed);
        return Enumerable.Range(0, options.Folds)
            .Select(k => new Split(Where(set.Count, i => fold[i] != k), Where(set.Count, i => fold[i] == k)))
            .ToList();
    }

    /// <summary>Machine texts whose <paramref name="field"/> equals <paramref name="value"/> are never trained on; they and the held-out fold's humans are tested.</summary>
    public static IReadOnlyList<Split> LeaveMachineValueOut(TrainingSet set, string field, string value, TrainingOptions options)
    {
        var fold = set.GroupFolds(options.GroupField, options.Folds, options.Seed);
        bool HeldOut(int i) => set.IsMachine(i) && set.Texts[i].Field(field) == value;
        return Enumerable.Range(0, options.Folds)
            .Select(k => new Split(
                Where(set.Count, i => fold[i] != k && !HeldOut(i)),
                Where(set.Count, i => fold[i] == k && (!set.IsMachine(i) || HeldOut(i)))))
            .ToList();
    }

    /// <summary>All texts (human and machine) with <paramref name="field"/> = <paramref name="value"/> form the test set; the rest train.</summary>
    public static IReadOnlyList<Split> LeaveValueOut(TrainingSet set, string field, string value) =>
    [
        new Split(Where(set.Count, i => set.Texts[i].Field(field) != value), Where(set.Count, i => set.Texts[i].Field(field) == value)),
    ];

    private static int[] Where(int count, Func<int, bool> predicate) => Enumerable.Range(0, count).Where(predicate).ToArray();
}
