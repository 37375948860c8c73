using System.Security.Cryptography;
using System.Text;
using ProvenanceGuard.Curation;
using ProvenanceGuard.Tests.Support;

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

    [Fact]
    public void Spilled_to_sorted_runs_and_merged_it_answers_exactly_as_an_in_memory_map_does()
    {
        using var temp = new TempFolder();
        var spill = temp.File("index");
        using var deduplicator = new ExactDeduplicator(spill, entriesInMemory: 50);
        var expected = new Dictionary<string, string>();
        var random = new Random(7);
        var maxRuns = 0;
        for (var step = 0; step < 20_000; step++)
        {
            // Mostly new texts, some repeats of old ones (spilled long ago or still in memory), a few reassignments.
            var text = random.NextDouble() < 0.7 ? $"new {step}" : $"new {random.Next(step + 1)}";
            var id = $"id-{step}-{new string('é', random.Next(3))}";
            if (random.NextDouble() < 0.03)
            {
                deduplicator.Reassign(Sha(text), id);
                expected[text] = id;
            }
            else
            {
                var first = deduplicator.DuplicateOf(Sha(text), id);
                Assert.Equal(expected.GetValueOrDefault(text), first);
                expected.TryAdd(text, id);
            }
            maxRuns = Math.Max(maxRuns, deduplicator.Runs);
        }
        foreach (var (text, id) in expected) Assert.Equal(id, deduplicator.DuplicateOf(Sha(text), "probe"));
        // ~290 spills of 50 entries merge four at a time: a base-4 counter's digits, never hundreds of runs.
        Assert.InRange(maxRuns, 4, 3 * 5);
        Assert.NotEmpty(Directory.EnumerateFiles(spill, "run-*.keys"));
    }

    [Fact]
    public void Its_spill_directory_is_cleared_of_a_killed_run_s_leftovers_and_removed_on_dispose()
    {
        using var temp = new TempFolder();
        var spill = temp.File("index");
        Directory.CreateDirectory(spill);
        File.WriteAllText(Path.Combine(spill, "run-000000.keys"), "left by a killed run");

        using (var deduplicator = new ExactDeduplicator(spill, entriesInMemory: 10))
        {
            Assert.False(File.Exists(Path.Combine(spill, "run-000000.keys")));
            for (var i = 0; i < 35; i++) Assert.Null(deduplicator.DuplicateOf(Sha($"t{i}"), $"d{i}"));
            Assert.Equal(3, deduplicator.Runs);
            Assert.Equal("d3", deduplicator.DuplicateOf(Sha("t3"), "again"));
        }
        Assert.False(Directory.Exists(spill));
    }

    [Fact]
    public void Without_a_spill_directory_everything_stays_in_memory()
    {
        using var deduplicator = new ExactDeduplicator(spillDirectory: null, entriesInMemory: 10);
        for (var i = 0; i < 100; i++) Assert.Null(deduplicator.DuplicateOf(Sha($"t{i}"), $"d{i}"));
        Assert.Equal(0, deduplicator.Runs);
        Assert.Equal("d99", deduplicator.DuplicateOf(Sha("t99"), "again"));
    }
}
