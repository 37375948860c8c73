using Xunit;
using ProvenanceGuard.Detection.Features;
using ProvenanceGuard.Detection.Training;

namespace ProvenanceGuard.Tests.Detection.Training;

/// <summary>Each dense feature times the text's length, so a feature's weight can change with length, and never beyond the central lengths trained on.</summary>
public class LengthModulationTests
{
    private static readonly int Length = DenseFeatureLayout.IndexOf("log_tokens");
    private static readonly int Surprisal = DenseFeatureLayout.IndexOf("surprisal_mean");

    private static double[] Row(double logTokens, double surprisal)
    {
        var row = new double[DenseFeatureLayout.Count];
        row[Length] = logTokens;
        row[Surprisal] = surprisal;
        return row;
    }

    // log_tokens 4.0, 4.1, ..., 6.0: the 5th percentile is 4.1, the 95th 5.9.
    private static readonly List<double[]> Training = [.. Enumerable.Range(0, 21).Select(i => Row(4.0 + i / 10.0, i % 7))];

    private static bool[] AllActive() => Enumerable.Repeat(true, DenseFeatureLayout.Count).ToArray();

    [Fact]
    public void The_fitted_range_is_the_5th_to_95th_percentile_of_the_training_texts_standardised_length()
    {
        var transform = DenseTransform.Fit(Training, AllActive(), bins: 2, lengthInteractions: true);

        Assert.Equal(Length, transform.Length!.Feature);
        Assert.Equal(transform.Standardize(Length, 4.1), transform.Length.Low, 12);
        Assert.Equal(transform.Standardize(Length, 5.9), transform.Length.High, 12);
    }

    [Fact]
    public void A_text_longer_or_shorter_than_the_central_lengths_is_modulated_as_the_nearest_end()
    {
        var transform = DenseTransform.Fit(Training, AllActive(), bins: 2, lengthInteractions: true);

        Assert.Equal(transform.Length!.High, transform.LengthTerm(Row(9.0, 2)));
        Assert.Equal(transform.Length.Low, transform.LengthTerm(Row(1.0, 2)));
        Assert.Equal(transform.Standardize(Length, 5.5), transform.LengthTerm(Row(5.5, 2)), 12);
    }

    [Fact]
    public void The_interaction_is_the_standardised_feature_times_the_length_term_clipped_like_a_feature()
    {
        var transform = DenseTransform.Fit(Training, AllActive(), bins: 2, lengthInteractions: true);
        var length = transform.LengthTerm(Row(6.0, 6));

        Assert.Equal(transform.Standardize(Surprisal, 6) * length, transform.Interaction(Surprisal, 6, length), 12);
        Assert.Equal(DenseTransform.Clip, transform.Interaction(Surprisal, 1e6, length));
        Assert.Equal(0, transform.Interaction(Surprisal, 6, 0));
    }

    [Fact]
    public void Every_active_feature_but_the_length_group_is_modulated()
    {
        var active = AllActive();
        active[Surprisal + 1] = false;
        var transform = DenseTransform.Fit(Training, active, bins: 2, lengthInteractions: true);

        Assert.True(transform.Modulates(Surprisal));
        Assert.False(transform.Modulates(Surprisal + 1));
        Assert.False(transform.Modulates(Length));
        Assert.False(transform.Modulates(DenseFeatureLayout.IndexOf("log_chars")));
    }

    [Fact]
    public void Without_the_option_or_with_the_length_group_left_out_nothing_is_modulated()
    {
        var withoutLength = AllActive();
        withoutLength[Length] = false;

        Assert.Null(DenseTransform.Fit(Training, AllActive(), bins: 2).Length);
        Assert.Null(DenseTransform.Fit(Training, withoutLength, bins: 2, lengthInteractions: true).Length);
        Assert.False(DenseTransform.Fit(Training, AllActive(), bins: 2).Modulates(Surprisal));
    }

    [Fact]
    public void The_layout_puts_each_interaction_between_the_bins_and_the_hashed_n_grams()
    {
        var transform = DenseTransform.Fit(Training, AllActive(), bins: 2, lengthInteractions: true);
        var layout = new ParameterLayout(transform, sparseSize: 16);
        var row = new FeatureRow(Row(6.0, 6), [3], [0.5f]);

        var built = layout.Build(row);

        Assert.Equal(layout.InteractionOffset + transform.Count, layout.SparseOffset);
        var at = Array.IndexOf(built.Indices, layout.InteractionOffset + Surprisal);
        Assert.Equal((float)transform.Interaction(Surprisal, 6, transform.LengthTerm(row.Dense)), built.Values[at]);
        Assert.DoesNotContain(layout.InteractionOffset + Length, built.Indices);
        Assert.Contains(layout.SparseOffset + 3, built.Indices);
        Assert.Equal(10 * 1.0, layout.PenaltyScale(10, 0.1)[layout.InteractionOffset + Surprisal]);
    }
}
