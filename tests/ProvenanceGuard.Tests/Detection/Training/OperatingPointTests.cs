using ProvenanceGuard.Detection.Data;
using ProvenanceGuard.Detection.Training;

namespace ProvenanceGuard.Tests.Detection.Training;

/// <summary>The model card's operating point: pooled TPR/FPR at the threshold and the flagged counts of every validation group.</summary>
public class OperatingPointTests
{
    private static LabelledText Text(bool machine, string? group) =>
        new("text", machine, group is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["group"] = group });

    [Fact]
    public void Counts_texts_strictly_above_the_threshold_per_group_and_pooled()
    {
        var texts = new[] { Text(true, "a"), Text(true, "a"), Text(false, "a"), Text(true, "b"), Text(false, "b"), Text(false, null) };
        double[] llr = [3.0, 1.0, 2.5, 2.0, 0.5, 4.0]; // 2.0 sits on the threshold: not flagged

        var point = OperatingPoint.Measure(texts, llr, threshold: 2.0, groupField: "group");

        Assert.Equal(1.0 / 3, (double)point["tpr"]!, 5);
        Assert.Equal(2.0 / 3, (double)point["fpr"]!, 5);
        Assert.Equal(3, (int)point["tpr_n"]!);
        Assert.Equal(3, (int)point["fpr_n"]!);
        // Groups in key order; a text without a group is a group of its own.
        var groups = point["groups"]!.AsArray().Select(g => g!.AsArray().Select(v => (int)v!).ToArray()).ToList();
        Assert.Equal([[0, 0, 1, 1], [2, 1, 1, 1], [1, 0, 1, 0]], groups);
    }
}
