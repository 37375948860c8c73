using ProvenanceGuard.Curation.NearDuplicates;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Curation.NearDuplicates;

/// <summary>A text sketched ahead (on a tagging worker) is looked up exactly as the index would sketch it itself.</summary>
public class NearDuplicateSketchTests
{
    [Fact]
    public void Sketches_taken_ahead_find_the_same_clusters_and_similarities_as_texts()
    {
        var random = new Random(5);
        var texts = new List<string>();
        for (var i = 0; i < 300; i++)
        {
            if (i > 10 && i % 4 == 0)
            {
                // A near duplicate of an earlier text: one word changed.
                var words = texts[random.Next(texts.Count)].Split(' ');
                words[random.Next(words.Length)] = "changed";
                texts.Add(string.Join(' ', words));
            }
            else texts.Add(TestCorpus.Text(random, random.Next(80, 160)));
        }
        var options = new MinHashOptions();
        var fromTexts = new NearDuplicateIndex(options);
        var fromSketches = new NearDuplicateIndex(options);
        var sketcher = new MinHashSketch(options);

        var matches = 0;
        for (var i = 0; i < texts.Count; i++)
        {
            sketcher.Compute(texts[i]);
            var expected = fromTexts.FindOrAdd(texts[i], $"r{i}");
            Assert.Equal(expected, fromSketches.FindOrAdd(sketcher.Snapshot(), $"r{i}"));
            if (expected is not null) matches++;
        }
        Assert.Equal(fromTexts.Anchors, fromSketches.Anchors);
        Assert.True(matches > 50, $"only {matches} near duplicates found; the test would not show much");
    }
}
