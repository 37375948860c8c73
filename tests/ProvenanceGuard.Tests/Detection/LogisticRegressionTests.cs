using Xunit;
using ProvenanceGuard.Detection.Training;

namespace ProvenanceGuard.Tests.Detection;

public class LogisticRegressionTests
{
    [Fact]
    public void Separates_a_linearly_separable_problem_with_the_right_signs()
    {
        var random = new Random(7);
        var rows = new List<SparseRow>();
        var labels = new List<bool>();
        for (var i = 0; i < 400; i++)
        {
            double a = random.NextDouble() * 2 - 1, b = random.NextDouble() * 2 - 1;
            if (Math.Abs(2 * a - b) < 0.05) continue; // keep a margin
            rows.Add(new SparseRow([1, 2], [(float)a, (float)b]));
            labels.Add(2 * a - b > 0);
        }
        var w = LogisticRegression.Fit(rows, labels, 3, new LogisticRegressionOptions(L2: 1e-6, MaxIterations: 500));
        Assert.True(w[1] > 0 && w[2] < 0);
        Assert.InRange(-w[1] / w[2], 1.6, 2.4); // the boundary 2a - b = 0
        var correct = rows.Select((r, i) => LogisticRegression.Score(w, r) > 0 == labels[i]).Count(c => c);
        Assert.Equal(rows.Count, correct);
    }

    [Fact]
    public void Stronger_regularisation_shrinks_the_weights()
    {
        var rows = Enumerable.Range(0, 100).Select(i => new SparseRow([1], [i % 2 == 0 ? 1f : -1f])).ToList();
        var labels = Enumerable.Range(0, 100).Select(i => i % 2 == 0).ToList();
        var weak = LogisticRegression.Fit(rows, labels, 2, new LogisticRegressionOptions(L2: 1e-3));
        var strong = LogisticRegression.Fit(rows, labels, 2, new LogisticRegressionOptions(L2: 1));
        Assert.True(Math.Abs(strong[1]) < Math.Abs(weak[1]));
        Assert.True(strong[1] > 0);
    }

    [Fact]
    public void Training_on_one_class_is_refused()
    {
        var rows = new List<SparseRow> { new([1], [1f]) };
        Assert.Throws<ArgumentException>(() => LogisticRegression.Fit(rows, [true], 2, new LogisticRegressionOptions()));
    }
}
