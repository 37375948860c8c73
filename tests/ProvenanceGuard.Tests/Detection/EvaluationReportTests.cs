using Xunit;
using ProvenanceGuard.Detection.Data;
using ProvenanceGuard.Detection.Evaluation;

namespace ProvenanceGuard.Tests.Detection;

public class EvaluationReportTests
{
    private static LabelledText Text(bool machine, string generator, string domain) =>
        new("text", machine, new Dictionary<string, string> { ["generator"] = generator, ["domain"] = domain });

    [Fact]
    public void A_generator_cell_is_compared_with_the_humans_of_its_own_domain()
    {
        LabelledText[] texts =
        [
            Text(false, "human", "news"), Text(false, "human", "news"),
            Text(false, "human", "wiki"), Text(false, "human", "wiki"),
            Text(true, "gpt", "news"), Text(true, "gpt", "wiki"),
        ];
        // The wiki machine text scores below the news humans but above the wiki humans.
        double[] llr = [5, 6, 0, 1, 7, 2];
        var report = EvaluationReport.Evaluate(texts, llr, threshold: 3, ["generator", "domain"]);
        Assert.Equal(["gpt/news", "gpt/wiki"], report.Groups.Keys);
        Assert.Equal(3, report.Groups["gpt/wiki"].N);
        Assert.Equal(1.0, report.Groups["gpt/wiki"].Auroc);
        Assert.Equal(1.0, report.Groups["gpt/news"].Auroc);
        Assert.Equal(0.75, report.Overall.Auroc); // pooled: the wiki machine text is outranked by both news humans
    }

    [Fact]
    public void Too_short_texts_are_counted_and_left_out()
    {
        LabelledText[] texts = [Text(false, "human", "a"), Text(true, "gpt", "a"), Text(true, "gpt", "a")];
        var report = EvaluationReport.Evaluate(texts, [0, 1, double.NaN], 0.5, []);
        Assert.Equal(1, report.TooShort);
        Assert.Equal(2, report.Overall.N);
        Assert.Equal(1.0, report.Overall.F1);
    }
}
