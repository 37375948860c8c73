using System.Security.Cryptography;
using System.Text;
using ProvenanceGuard.Curation;

namespace ProvenanceGuard.Tests.Curation;

public class ExactDeduplicatorTests
{
    private static string Sha(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void The_first_record_of_a_hash_is_kept_and_every_later_one_names_it_across_many_table_growths()
    {
        var deduplicator = new ExactDeduplicator();
        for (var i = 0; i < 200_000; i++) Assert.Null(deduplicator.DuplicateOf(Sha($"text {i}"), $"doc-{i}"));
        for (var i = 0; i < 200_000; i += 7) Assert.Equal($"doc-{i}", deduplicator.DuplicateOf(Sha($"text {i}"), $"copy-{i}"));
        Assert.Null(deduplicator.DuplicateOf(Sha("a new text"), "new"));
    }

    [Fact]
    public void Ids_come_back_exactly_whatever_their_length_or_script()
    {
        var deduplicator = new ExactDeduplicator();
        var ids = new[] { "", "ü-東京-🙂", new string('x', 200), new string('é', 700_000), "after the long one" };
        for (var i = 0; i < ids.Length; i++) Assert.Null(deduplicator.DuplicateOf(Sha($"t{i}"), ids[i]));
        for (var i = 0; i < ids.Length; i++) Assert.Equal(ids[i], deduplicator.DuplicateOf(Sha($"t{i}"), "later"));
    }

    [Fact]
    public void A_reassigned_hash_names_the_new_representative_and_an_unseen_one_is_remembered()
    {
        var deduplicator = new ExactDeduplicator();
        Assert.Null(deduplicator.DuplicateOf(Sha("x"), "first"));
        deduplicator.Reassign(Sha("x"), "better");
        deduplicator.Reassign(Sha("y"), "only");
        Assert.Equal("better", deduplicator.DuplicateOf(Sha("x"), "third"));
        Assert.Equal("only", deduplicator.DuplicateOf(Sha("y"), "second"));
    }
}
