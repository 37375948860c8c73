using System.Text;
using ProvenanceGuard.Provenance.Watermark;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Provenance.Watermark;

public class BytePairTokenizerTests
{
    /// <summary>A tiny tiktoken-format file: every byte at its own value's rank, then merges in rank order.</summary>
    private static string RankFile(TempFolder folder, params string[] merges)
    {
        var lines = Enumerable.Range(0, 256).Select(b => $"{Convert.ToBase64String([(byte)b])} {b}")
            .Concat(merges.Select((m, i) => $"{Convert.ToBase64String(Encoding.UTF8.GetBytes(m))} {256 + i}"));
        return folder.Write("tiny.tiktoken", string.Join("\n", lines) + "\n");
    }

    [Fact]
    public void Merges_the_lowest_ranked_pair_first()
    {
        using var folder = new TempFolder();
        // "he" (256) outranks "th" (257): "the" becomes t + he, then "the" (258) joins them.
        var withThe = BytePairTokenizer.Load(RankFile(folder, "he", "th", "the"));
        Assert.Equal([258], withThe.Encode("the"));
        var withoutThe = BytePairTokenizer.Load(RankFile(folder, "he", "th"));
        Assert.Equal([(int)'t', 256], withoutThe.Encode("the"));
    }

    [Fact]
    public void Splits_by_the_pattern_before_merging_and_falls_back_to_bytes()
    {
        using var folder = new TempFolder();
        var tokenizer = BytePairTokenizer.Load(RankFile(folder, "he", " t", " the"));
        // " the" arrives whole from the GPT-2 split pattern; "é" is two UTF-8 bytes.
        Assert.Equal([(int)'t', 256, 258, (int)' ', 0xC3, 0xA9], tokenizer.Encode("the the é"));
    }

    [Fact]
    public void The_detector_scores_over_the_bpe_ids_when_given_the_tokenizer()
    {
        using var folder = new TempFolder();
        var tokenizer = BytePairTokenizer.Load(RankFile(folder, "he", " t", " the"));
        var score = new WatermarkDetector("k", new WatermarkOptions(), tokenizer).Score("the the the");
        Assert.Equal(4, score.Tokens); // t, he, " the", " the"
        Assert.Equal(3, score.Scored); // (t, he), (he, " the"), (" the", " the")
    }

    [Fact]
    public void A_malformed_rank_line_is_a_data_error_naming_file_and_line()
    {
        using var folder = new TempFolder();
        var file = folder.Write("bad.tiktoken", "YQ== 0\nnot-base64! 1\n");
        var error = Assert.Throws<InvalidDataException>(() => BytePairTokenizer.Load(file));
        Assert.Contains("bad.tiktoken:2", error.Message);
    }

    [Fact]
    public void Bytes_missing_from_the_rank_file_are_a_data_error()
    {
        using var folder = new TempFolder();
        var tokenizer = BytePairTokenizer.Load(folder.Write("ab.tiktoken", "YQ== 0\nYg== 1\n"));
        Assert.Equal([0, 1], tokenizer.Encode("ab"));
        Assert.Throws<InvalidDataException>(() => tokenizer.Encode("abc"));
    }
}
