using System.Text.Json.Nodes;
using ProvenanceGuard.Detection.Training;
using Xunit;

namespace ProvenanceGuard.Tests.Detection.Training;

/// <summary>The training texts' band of lengths, as a model card states it.</summary>
public class TrainingLengthsTests
{
    [Fact]
    public void Words_are_runs_of_non_whitespace()
    {
        Assert.Equal(3, TrainingLengths.Words("  one two\nthree\t"));
        Assert.Equal(0, TrainingLengths.Words(" \n "));
    }

    [Fact]
    public void The_band_is_the_1st_to_99th_percentile_of_the_texts_word_counts()
    {
        var texts = Enumerable.Range(1, 101).Select(n => string.Join(' ', Enumerable.Repeat("w", n)));
        Assert.Equal(new TrainingLengths(2, 100), TrainingLengths.Measure(texts));
    }

    [Fact]
    public void The_band_holds_its_ends()
    {
        var band = new TrainingLengths(58, 207);
        Assert.True(band.Contains(58) && band.Contains(207));
        Assert.False(band.Contains(57) || band.Contains(208));
    }

    [Fact]
    public void A_card_carries_the_band_in_its_counts_and_an_older_card_has_none()
    {
        var counts = new JsonObject { ["trained_on"] = 10 };
        new TrainingLengths(58, 207).WriteTo(counts);
        Assert.Equal(new TrainingLengths(58, 207), TrainingLengths.FromCard(new JsonObject { ["counts"] = counts }));
        Assert.Null(TrainingLengths.FromCard(new JsonObject { ["counts"] = new JsonObject { ["trained_on"] = 10 } }));
    }
}
