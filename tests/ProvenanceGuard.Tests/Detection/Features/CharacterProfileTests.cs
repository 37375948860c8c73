using Xunit;
using ProvenanceGuard.Detection.Features;

namespace ProvenanceGuard.Tests.Detection.Features;

public class CharacterProfileTests
{
    private const int Shift = 64 - 18;

    private static (string Folded, CharacterProfile.Counts Counts) Fold(string text)
    {
        var buffer = new char[text.Length];
        var n = CharacterProfile.Fold(text, buffer, out var counts);
        return (new string(buffer, 0, n), counts);
    }

    [Fact]
    public void Folding_lower_cases_maps_typographic_quotes_and_keeps_one_space_per_whitespace_run()
    {
        Assert.Equal("hello, world's \"café\"", Fold(" \t Hello,\t\r\n WORLD\u2019s  \u201CCafé\u201D \n").Folded);
        Assert.Equal("", Fold(" \t\n ").Folded);
        Assert.Equal("a b", Fold("a\u00A0\u2003b").Folded); // non-ASCII whitespace is whitespace too
    }

    [Theory]
    [InlineData("Ünïcödé wörds 123, ÅNGSTRÖM 4½ and ÉLAN: Ⅻ ﬁne.")]
    [InlineData("  Digits 0123456789 and UPPER lower   ")]
    public void Counts_digits_letters_and_upper_case_letters_as_a_recount_does(string text)
    {
        var counts = Fold(text).Counts;
        var kept = text.Where(c => !char.IsWhiteSpace(c)).ToArray();
        Assert.Equal(kept.Count(char.IsDigit), counts.Digits);
        Assert.Equal(kept.Count(char.IsLetter), counts.Letters);
        Assert.Equal(kept.Count(c => char.IsLetter(c) && char.IsUpper(c)), counts.Upper);
    }

    [Fact]
    public void Counts_stay_exact_in_texts_longer_than_one_packed_count_can_hold()
    {
        // Counts share one 64-bit sum, 21 bits each; 2.4 million characters carry each field past 2^21.
        var text = string.Concat(Enumerable.Repeat("A1b2", 600_000));
        var (folded, counts) = Fold(text);
        Assert.Equal(text.Length, folded.Length);
        Assert.Equal(new CharacterProfile.Counts(1_200_000, 1_200_000, 600_000), counts);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void One_length_gives_the_same_buckets_as_that_length_within_a_range(int length)
    {
        // A single length takes a loop of its own; a range of lengths takes the general loop.
        var folded = Fold("The quick brown fox jumps over the lazy dog; the café’s dog naps.").Folded;
        var alone = new int[folded.Length];
        var inRange = new int[2 * folded.Length];
        var n = CharacterProfile.HashNgrams(folded, length, length, Shift, alone);
        var m = CharacterProfile.HashNgrams(folded, length, length + 1, Shift, inRange);

        // The range lists each end position's n-grams shortest first: a length-n gram at every position, then a
        // length-(n+1) gram from the position where one fits.
        var sameLength = new List<int> { inRange[0] };
        for (var i = 1; i < m; i += 2) sameLength.Add(inRange[i]);
        Assert.Equal(folded.Length - length + 1, n);
        Assert.Equal(sameLength, alone[..n]);
    }

    [Fact]
    public void Texts_shorter_than_the_n_gram_give_no_buckets()
    {
        var buckets = new int[8];
        Assert.Equal(0, CharacterProfile.HashNgrams("abc", 4, 4, Shift, buckets));
        Assert.Equal(0, CharacterProfile.HashNgrams("", 1, 1, Shift, buckets));
    }

    [Fact]
    public void Counts_each_eight_character_window_that_occurred_before()
    {
        Assert.Equal(0, CharacterProfile.CountRepeatedWindows("abcdefgh"));
        Assert.Equal(1, CharacterProfile.CountRepeatedWindows("abcdefgh abcdefgh")); // windows 10: one repeat
        Assert.Equal(8, CharacterProfile.CountRepeatedWindows(new string('x', 16))); // 9 windows, all alike
    }
}
