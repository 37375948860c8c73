using ProvenanceGuard.Detection.Data;

namespace ProvenanceGuard.Tests.Detection;

/// <summary>
/// Two synthetic "styles" drawn from different vocabularies, alternating machine and human, each text its own prompt
/// group: enough for a classifier to learn, and fully deterministic for a seed.
/// </summary>
internal static class SyntheticStyles
{
    private static readonly string[] HumanWords = ["the", "old", "man", "said", "that", "weather", "was", "cold", "and", "he", "stayed", "home", "cat", "dog", "mat", "rug", "saw", "ran"];
    private static readonly string[] MachineWords = ["delve", "tapestry", "moreover", "crucial", "landscape", "furthermore", "vibrant", "testament", "the", "and"];

    /// <param name="words">Words per text; null: 30-59, drawn per text.</param>
    /// <param name="withDomains">Also give each text a "domain" field (a for every third, else b).</param>
    public static List<LabelledText> Texts(int count, int seed, int? words = null, bool withDomains = false)
    {
        var random = new Random(seed);
        var texts = new List<LabelledText>();
        for (var i = 0; i < count; i++)
        {
            var machine = i % 2 == 0;
            var vocabulary = machine ? MachineWords : HumanWords;
            var length = words ?? 30 + random.Next(30);
            var text = string.Join(' ', Enumerable.Range(0, length).Select(_ => vocabulary[random.Next(vocabulary.Length)])) + ".";
            var groups = new Dictionary<string, string> { ["group"] = "g" + i };
            if (withDomains) groups["domain"] = i % 3 == 0 ? "a" : "b";
            texts.Add(new LabelledText(text, machine, groups));
        }
        return texts;
    }
}
