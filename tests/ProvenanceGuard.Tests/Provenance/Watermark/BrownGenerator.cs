using ProvenanceGuard.Detection.Reference;
using ProvenanceGuard.Generation;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Provenance.Watermark;

/// <summary>The demo's generator trained on the even Brown files, and human passages from the odd ones, built once for the watermark tests.</summary>
internal static class BrownGenerator
{
    private static readonly Lazy<(WordNGramModel Model, List<string> Human)> Built = new(() =>
    {
        var documents = SharedResources.BrownCorpus!.Documents().ToList();
        var model = WordNGramModel.Train(documents.Where((_, i) => i % 2 == 0).SelectMany(d => d.Sentences));
        var human = documents.Where((_, i) => i % 2 == 1).SelectMany(Passages).ToList();
        return (model, human);
    });

    /// <summary>The demo's sampling settings.</summary>
    public static readonly SamplingOptions Sampling = new() { Temperature = 0.8, TopK = 40 };

    public static WordNGramModel Model => Built.Value.Model;

    /// <summary>Human passages of about 200 words, detokenized like the generator's output.</summary>
    public static IReadOnlyList<string> HumanPassages => Built.Value.Human;

    private static IEnumerable<string> Passages(BrownDocument document)
    {
        var tokens = new List<string>();
        foreach (var sentence in document.Sentences)
        {
            tokens.AddRange(sentence);
            if (tokens.Count < 200) continue;
            yield return Detokenizer.Join(tokens);
            tokens.Clear();
        }
    }
}
