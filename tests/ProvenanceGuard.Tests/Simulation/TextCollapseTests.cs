using ProvenanceGuard.Simulation;
using ProvenanceGuard.Simulation.Loops;
using ProvenanceGuard.Simulation.Models;
using ProvenanceGuard.Simulation.Text;
using Xunit;

namespace ProvenanceGuard.Tests.Simulation;

/// <summary>
/// A word trigram model retrained on its own Brown-like text loses vocabulary and rare words and
/// gets worse at predicting held-out human text; keeping real data slows that; a watermark shows.
/// </summary>
public sealed class TextCollapseTests
{
    private static readonly Lazy<BrownText> Corpus = new(() => BrownText.Load(BrownCorpusFactAttribute.Locate()));

    private static SimulationSummary Run(LoopKind loop, TextSampling sampling, int generations = 6, double lambda = 0) =>
        SimulationSummary.From(new CollapseSimulator().Run(
            new NGramTextModel(Corpus.Value, sampling, heldOutTokens: 5000),
            new TrainingLoop(loop, 5000, FreshRealFraction: lambda),
            new SimulationSettings(generations, 6, Seed: 12)));

    private static double At(SimulationSummary s, int g, string column) => s.Generations[g].Get(column)!.Value;

    [BrownCorpusFact]
    public void Corpus_splits_into_training_pool_and_held_out_human_text()
    {
        var corpus = Corpus.Value;
        Assert.True(corpus.HeldOut.Count > 0 && corpus.Training.Count > 8 * corpus.HeldOut.Count);
        Assert.True(corpus.Vocabulary.Count > 40_000, $"vocabulary {corpus.Vocabulary.Count}");
        Assert.Equal("The", corpus.Vocabulary[corpus.Training[0][0]]);
    }

    [BrownCorpusFact]
    public void Replacing_text_with_its_own_output_loses_words_and_raises_held_out_perplexity()
    {
        var s = Run(LoopKind.Replace, new TextSampling());
        Assert.Equal(1.0, At(s, 0, "median_vocabulary_kept"));
        Assert.True(At(s, 6, "median_vocabulary_kept") < 0.7, $"vocabulary kept {At(s, 6, "median_vocabulary_kept"):G3}");
        Assert.True(At(s, 6, "median_rare_word_retention") < At(s, 6, "median_vocabulary_kept"), "rare words go first");
        Assert.True(At(s, 6, "median_log_perplexity_ratio") > 0.1, $"log perplexity ratio {At(s, 6, "median_log_perplexity_ratio"):G3}");
        Assert.True(At(s, 6, "median_distinct_2") < At(s, 0, "median_distinct_2"));
    }

    [BrownCorpusFact]
    public void Fresh_human_text_each_generation_keeps_more_vocabulary()
    {
        var replace = Run(LoopKind.Replace, new TextSampling());
        var fresh = Run(LoopKind.FreshMix, new TextSampling(), lambda: 0.5);
        Assert.True(At(fresh, 6, "median_vocabulary_kept") > At(replace, 6, "median_vocabulary_kept") + 0.1);
        Assert.True(At(fresh, 6, "median_perplexity") < At(replace, 6, "median_perplexity"));
    }

    [BrownCorpusFact]
    public void Truncated_sampling_collapses_faster_than_full_sampling()
    {
        var full = Run(LoopKind.Replace, new TextSampling(), generations: 3);
        var truncated = Run(LoopKind.Replace, new TextSampling(TopP: 0.8, Temperature: 0.8), generations: 3);
        Assert.True(At(truncated, 3, "median_vocabulary_kept") < At(full, 3, "median_vocabulary_kept"));
    }

    [BrownCorpusFact]
    public void A_watermark_shows_in_the_generated_text_and_is_absent_without_one()
    {
        var marked = Run(LoopKind.Replace, new TextSampling(WatermarkDelta: 2.0), generations: 1);
        var plain = Run(LoopKind.Replace, new TextSampling(), generations: 1);
        Assert.True(At(marked, 0, "median_watermark_z") > 8, $"watermarked z {At(marked, 0, "median_watermark_z"):G3}");
        Assert.InRange(At(plain, 0, "median_watermark_z"), -4, 4);
    }
}
