using System.Security.Cryptography;
using Xunit;
using ProvenanceGuard.Detection.Reference;
using Xunit.Abstractions;

namespace ProvenanceGuard.Tests.Detection;

/// <summary>The CMU Sphinx trie reader against Debian's en-us trigram model and Sphinx's own scores for it.</summary>
public class SphinxTrieLanguageModelTests(ITestOutputHelper output)
{
    private const string ModelPath = "/usr/share/pocketsphinx/model/en-us/en-us.lm.bin";
    private const string Skip = "SKIPPED: needs Debian package pocketsphinx-en-us (apt-get install pocketsphinx-en-us) for " + ModelPath;

    // pocketsphinx-en-us 0.8+5prealpha+1-15; if this changes, re-derive the constants below.
    private const string ModelSha256 = "db21d0642286677699e6dbc859d2e5395570222361999387ce60f6e1d01995d6";

    /// <summary>One logmath unit (base 1.0001) in log10: Sphinx truncates its scores to whole units.</summary>
    private static readonly double Unit = Math.Log10(1.0001);

    private static readonly Lazy<SphinxTrieLanguageModel?> Model =
        new(() => File.Exists(ModelPath) ? SphinxTrieLanguageModel.Load(ModelPath) : null);

    // Sphinx's scores, from python3-sphinxbase 0.8+5prealpha+1-16 on the file above:
    // NGramModel(path).prob([word, previous, before that]), an integer in logmath units of base 1.0001.
    // The phrases are written oldest word first.
    public static TheoryData<string, int, string> SphinxScores => new()
    {
        { "the", -31995, "unigram" },
        { "'bout", -144680, "unigram" },
        { "hungry", -107065, "unigram" },
        { "new york", -14488, "seen bigram" },
        { "of the", -16085, "seen bigram" },
        { "united states", -2956, "seen bigram" },
        { "soft like", -58024, "bigram backed off to the unigram" },
        { "forever waiting", -106121, "bigram backed off to the unigram" },
        { "in new york", -4685, "seen trigram" },
        { "the united states", -1211, "seen trigram" },
        { "<s> i am", -34234, "seen trigram" },
        { "i am hungry", -83681, "trigram backed off to the bigram" },
        { "port which is", -14008, "trigram backed off to the bigram" },
        { "an interview subject", -110600, "trigram backed off to the unigram" },
        { "teased and bullied", -129154, "trigram lost to Sphinx's missing blank, backed off to the unigram" },
        { "teased and bullhorns", -24065, "the same trigram, misfiled under 'and bullhorns'" },
    };

    private SphinxTrieLanguageModel? Real()
    {
        if (Model.Value is null) output.WriteLine(Skip);
        return Model.Value;
    }

    private static int[] Ids(SphinxTrieLanguageModel lm, string phrase) =>
        phrase.Split(' ').Select(w => lm.WordId(w) is var id and >= 0 ? id : throw new KeyNotFoundException(w)).ToArray();

    [Fact]
    public void The_Debian_file_is_the_one_the_constants_were_taken_from()
    {
        if (!File.Exists(ModelPath)) { output.WriteLine(Skip); return; }
        using var stream = File.OpenRead(ModelPath);
        Assert.Equal(ModelSha256, Convert.ToHexStringLower(SHA256.HashData(stream)));
    }

    [Fact]
    public void The_header_gives_a_trigram_model_of_72547_words()
    {
        if (Real() is not { } lm) return;
        Assert.Equal(3, lm.Order);
        Assert.Equal([72547, 2051547, 1669625], lm.Counts);
        Assert.Equal(72547, lm.Words.Count);
        Assert.Equal("'bout", lm.Words[0]);
        Assert.Equal("zyuganov's", lm.Words[^1]);
        Assert.Equal(7, lm.WordId("<s>"));
        Assert.Equal(-1, lm.WordId("The")); // exact match: the model is lower case
    }

    [Fact]
    public void The_trie_holds_six_bigram_entries_fewer_than_the_header_counts()
    {
        // Sphinx counted 6 "blank" bigrams it then never inserted; this is the assertion its ARPA writer trips on.
        if (Real() is not { } lm) return;
        Assert.Equal([72547, 2051541, 1669625], lm.TrieCounts);
        for (var n = 2; n <= lm.Order; n++)
        {
            var visits = 0;
            lm.ForEachNgram(n, (words, _, _) =>
            {
                Assert.Equal(n, words.Length);
                visits++;
            });
            Assert.Equal(lm.TrieCounts[n - 1], visits);
        }
        Assert.Equal(lm.Counts[1] - 6, lm.TrieCounts[1]);
        Assert.Equal(lm.Counts[2], lm.TrieCounts[2]);
    }

    [Fact]
    public void Unigram_values_are_the_stored_logmath_floats_in_log10()
    {
        if (Real() is not { } lm) return;
        // The first unigram record of the file: float32 -144680.8125 and -1736.9168701171875 (base 1.0001).
        var bout = lm.WordId("'bout");
        Assert.Equal(-144680.8125 * Unit, lm.UnigramLog10Prob(bout), 6);
        Assert.Equal(-1736.9168701171875 * Unit, lm.UnigramLog10Backoff(bout), 6);
        Assert.Equal(lm.UnigramLog10Prob(bout), lm.Log10Prob([bout]));
    }

    [Theory]
    [MemberData(nameof(SphinxScores))]
    public void Log10Prob_equals_Sphinx_to_its_one_unit_rounding(string phrase, int sphinxScore, string kind)
    {
        if (Real() is not { } lm) return;
        var mine = lm.Log10Prob(Ids(lm, phrase));
        Assert.True(Math.Abs(mine - sphinxScore * Unit) < Unit,
            $"{kind} \"{phrase}\": {mine:F6} vs Sphinx {sphinxScore * Unit:F6}");
    }

    [Fact]
    public void A_backed_off_trigram_is_the_bigram_plus_the_history_backoff()
    {
        if (Real() is not { } lm) return;
        var (i, am, hungry) = (lm.WordId("i"), lm.WordId("am"), lm.WordId("hungry"));
        float? backoff = null;
        lm.ForEachNgram(2, (words, _, bo) => { if (words[0] == i && words[1] == am) backoff = bo; });
        Assert.NotNull(backoff);
        Assert.Equal(lm.Log10Prob([am, hungry]) + backoff.Value, lm.Log10Prob([i, am, hungry]), 9);
    }

    [Fact]
    public void ForEachNgram_reports_what_Log10Prob_finds()
    {
        if (Real() is not { } lm) return;
        var inNewYork = Ids(lm, "in new york");
        float? trigram = null, bigram = null;
        lm.ForEachNgram(3, (words, p, bo) =>
        {
            if (words.SequenceEqual(inNewYork))
            {
                trigram = p;
                Assert.Equal(0f, bo);
            }
        });
        lm.ForEachNgram(2, (words, p, _) => { if (words.SequenceEqual(inNewYork.AsSpan(1))) bigram = p; });
        Assert.Equal(lm.Log10Prob(inNewYork), trigram!.Value, 9);
        Assert.Equal(lm.Log10Prob(inNewYork[1..]), bigram!.Value, 9);
    }

    [Fact]
    public void An_unknown_history_word_cuts_the_history_and_longer_histories_are_trimmed()
    {
        if (Real() is not { } lm) return;
        var ids = Ids(lm, "the united states");
        Assert.Equal(lm.UnigramLog10Prob(ids[2]), lm.Log10Prob([ids[1], -1, ids[2]]));
        Assert.Equal(lm.Log10Prob(ids), lm.Log10Prob([lm.WordId("of"), .. ids]));
        Assert.Throws<ArgumentOutOfRangeException>(() => lm.Log10Prob([ids[0], -1]));
    }

    [Fact]
    public void A_wrong_header_is_rejected_at_offset_0()
    {
        if (!File.Exists(ModelPath)) { output.WriteLine(Skip); return; }
        var bytes = Prefix(4096);
        bytes[0] = (byte)'X';
        var error = LoadBroken(bytes);
        Assert.Contains("not a Sphinx trie language model", error.Message);
        Assert.Contains("at byte offset 0", error.Message);
    }

    [Fact]
    public void A_truncated_file_names_the_section_and_offset_where_data_ran_out()
    {
        if (!File.Exists(ModelPath)) { output.WriteLine(Skip); return; }
        // The bigram array starts after the 36 header bytes, 4 + 3 * 2^16 * 4 quantiser bytes and 72548 * 12 unigram bytes.
        var error = LoadBroken(Prefix(5_000_000));
        Assert.Contains("truncated: 2-gram array", error.Message);
        Assert.Contains("at byte offset 1657044", error.Message);

        error = LoadBroken(Prefix(10));
        Assert.Contains("truncated: header", error.Message);
        Assert.Contains("at byte offset 0", error.Message);
    }

    [Fact]
    public void Counts_that_do_not_add_up_are_rejected_where_the_pointers_overflow()
    {
        if (!File.Exists(ModelPath)) { output.WriteLine(Skip); return; }
        var bytes = Prefix(2_000_000);
        BitConverter.TryWriteBytes(bytes.AsSpan(24), 1_000_000); // the header's bigram count, far below the unigrams' pointers
        var error = LoadBroken(bytes);
        Assert.Contains("counts do not add up", error.Message);
        Assert.Matches(@"at byte offset \d+\)$", error.Message);
    }

    private static byte[] Prefix(int length)
    {
        using var stream = File.OpenRead(ModelPath);
        var bytes = new byte[length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static InvalidDataException LoadBroken(byte[] bytes)
    {
        var path = Path.Combine(Path.GetTempPath(), $"pg-sphinx-trie-{Guid.NewGuid():N}.lm.bin");
        File.WriteAllBytes(path, bytes);
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => SphinxTrieLanguageModel.Load(path));
            Assert.StartsWith(path + ":", error.Message);
            return error;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
