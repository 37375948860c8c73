using System.IO.Compression;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ProvenanceGuard.Detection.Reference;
using ProvenanceGuard.Formats.Compression;
using ProvenanceGuard.Generation;
using ProvenanceGuard.Provenance.Watermark;

namespace ProvenanceGuard.Demo;

/// <summary>Sizes and sampling settings of the demo corpus.</summary>
public sealed record DemoCorpusOptions
{
    public int Seed { get; init; } = 42;
    public int MachineDocuments { get; init; } = 200;
    public int MinWords { get; init; } = 150;
    public int MaxWords { get; init; } = 400;
    public double ExactDuplicateShare { get; init; } = 0.03;
    public double NearDuplicateShare { get; init; } = 0.02;
    public SamplingOptions Sampling { get; init; } = new() { Temperature = 0.8, TopK = 40 };
    /// <summary>One record is made this big to show the size limit at work (the demo pipeline sets a 1 MB limit).</summary>
    public int OversizedRecordBytes { get; init; } = 1_200_000;
    /// <summary>The generator watermarks its text with this key (green-list, Kirchenbauer et al.); null: no watermark.</summary>
    public string? WatermarkKey { get; init; } = "provenanceguard-demo";
    public WatermarkOptions Watermark { get; init; } = new();
}

/// <summary>What the demo corpus holds, by construction: which ids are machine-written, and what was injected.</summary>
public sealed record DemoCorpus(string InputDirectory, IReadOnlyDictionary<string, bool> IsMachineById, int HumanDocuments, int MachineDocuments,
    int ExactDuplicates, int NearDuplicates, int BrokenRecords, int MachineWatermarkHits, int HumanWatermarkHits);

/// <summary>
/// Builds the demo corpus under DIR/input: human documents cut from a quarter of the Brown Corpus files,
/// machine documents from the project's word trigram generator trained on half of them, exact and near
/// duplicates, and deliberately broken input, spread over every input format. The last quarter is never in
/// the demo: <see cref="LabelledSample"/> draws the baseline detector's fitting data from it.
/// </summary>
public sealed class DemoCorpusBuilder(BrownCorpus brown, DemoCorpusOptions options)
{
    private sealed record Document(string Id, string Text, bool Machine, string Genre);

    private enum BrownPart { GeneratorTraining, DemoHuman, FittingHuman }

    private static BrownPart PartOf(int fileIndex) => (fileIndex % 4) switch
    {
        0 or 2 => BrownPart.GeneratorTraining,
        1 => BrownPart.DemoHuman,
        _ => BrownPart.FittingHuman,
    };

    /// <summary>
    /// Labelled texts for fitting a detector to the demo's setting, disjoint from the demo corpus: human
    /// documents from the reserved quarter of Brown, machine documents from the same generator with another seed.
    /// </summary>
    public IReadOnlyList<(string Text, bool IsMachine)> LabelledSample(int seed, int machineDocuments)
    {
        var random = new Random(seed);
        var (human, machine) = Generate(random, BrownPart.FittingHuman, machineDocuments);
        return human.Select(d => (d.Text, false)).Concat(machine.Select(d => (d.Text, true))).ToList();
    }

    private (List<Document> Human, List<Document> Machine) Generate(Random random, BrownPart humanPart, int machineDocuments)
    {
        var documents = brown.Documents().ToList();
        var human = new List<Document>();
        var training = new List<IReadOnlyList<string>>();
        for (var i = 0; i < documents.Count; i++)
        {
            var part = PartOf(i);
            if (part == BrownPart.GeneratorTraining) training.AddRange(documents[i].Sentences);
            else if (part == humanPart) human.AddRange(Cut(documents[i], random));
        }

        var model = WordNGramModel.Train(training);
        var bias = options.WatermarkKey is { } key ? new WatermarkBias(key, options.Watermark) : null;
        var sampler = new WordNGramSampler(model, options.Sampling, random, bias);
        var machine = new List<Document>();
        for (var i = 0; i < machineDocuments; i++)
        {
            var text = new StringBuilder();
            foreach (var sentence in sampler.NextDocument(random.Next(options.MinWords, options.MaxWords)))
                Detokenizer.Append(text, Capitalized(sentence));
            machine.Add(new Document($"gen-{i:D4}", text.ToString(), true, "generated"));
        }
        return (human, machine);
    }

    public DemoCorpus Build(string releaseDirectory)
    {
        var random = new Random(options.Seed);
        var input = Path.Combine(releaseDirectory, "input");
        if (Directory.Exists(input)) Directory.Delete(input, recursive: true);
        Directory.CreateDirectory(input);
        var (human, machine) = Generate(random, BrownPart.DemoHuman, options.MachineDocuments);

        // Interleave so every source holds both kinds, in a seeded order.
        var all = human.Concat(machine).OrderBy(_ => random.Next()).ToList();
        var exact = Enumerable.Range(0, (int)(all.Count * options.ExactDuplicateShare))
            .Select(i => all[random.Next(all.Count)])
            .Select((d, i) => d with { Id = $"{d.Id}-copy{i}", Text = i % 2 == 0 ? d.Text : "  " + d.Text.Replace(" ", "   ") + "\r\n" })
            .ToList();
        var near = Enumerable.Range(0, (int)(all.Count * options.NearDuplicateShare))
            .Select(i => all[random.Next(all.Count)])
            .Select((d, i) => d with { Id = $"{d.Id}-near{i}", Text = EditWords(d.Text, random) })
            .ToList();
        var records = all.Concat(exact).Concat(near).OrderBy(_ => random.Next()).ToList();

        // Most records go to the main JSONL file; the rest show off the other formats.
        var gz = records.Take(records.Count / 5).ToList();
        var zst = records.Skip(gz.Count).Take(records.Count / 10).ToList();
        var csv = records.Skip(gz.Count + zst.Count).Take(150).ToList();
        var txt = records.Skip(gz.Count + zst.Count + csv.Count).Take(40).ToList();
        var partial = records.Skip(gz.Count + zst.Count + csv.Count + txt.Count).Take(60).ToList();
        var main = records.Skip(gz.Count + zst.Count + csv.Count + txt.Count + partial.Count).ToList();

        var broken = WriteMainJsonl(Path.Combine(input, "web-crawl.jsonl"), main);
        using (var file = File.Create(Path.Combine(input, "web-archive.jsonl.gz")))
        using (var gzip = new GZipStream(file, CompressionLevel.Optimal))
            WriteJsonl(gzip, gz);
        using (var file = File.Create(Path.Combine(input, "forum-dump.jsonl.zst")))
        using (var zstd = new ZstdCompressionStream(file))
            WriteJsonl(zstd, zst);
        WriteCsv(Path.Combine(input, "catalog.csv"), csv);
        WriteTextFolder(Path.Combine(input, "notes"), txt);
        WriteTruncatedGzip(Path.Combine(input, "partial-crawl.jsonl.gz"), partial);
        broken += 1; // the truncated tail of partial-crawl.jsonl.gz

        var truth = records.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.First().Machine);
        foreach (var (d, i) in txt.Select((d, i) => (d, i))) truth[$"{i:D3}-{d.Id}.txt"] = d.Machine;
        var (machineHits, humanHits) = WatermarkHits(human, machine);
        return new DemoCorpus(input, truth, human.Count, machine.Count, exact.Count, near.Count, broken, machineHits, humanHits);
    }

    /// <summary>How many generated and human documents the watermark detector flags with the demo's key (z ≥ threshold).</summary>
    private (int Machine, int Human) WatermarkHits(List<Document> human, List<Document> machine)
    {
        if (options.WatermarkKey is not { } key) return (0, 0);
        var detector = new WatermarkDetector(key, options.Watermark);
        return (machine.Count(d => detector.Score(d.Text).IsHit), human.Count(d => detector.Score(d.Text).IsHit));
    }

    private IEnumerable<Document> Cut(BrownDocument document, Random random)
    {
        var words = new List<string>();
        var text = new StringBuilder();
        var target = random.Next(options.MinWords, options.MaxWords);
        var part = 0;
        foreach (var sentence in document.Sentences)
        {
            Detokenizer.Append(text, sentence);
            words.AddRange(sentence);
            if (words.Count < target) continue;
            yield return new Document($"brown-{document.FileId}-{part++}", text.ToString(), false, document.Category);
            words.Clear();
            text.Clear();
            target = random.Next(options.MinWords, options.MaxWords);
        }
        if (words.Count >= options.MinWords) yield return new Document($"brown-{document.FileId}-{part}", text.ToString(), false, document.Category);
    }

    private static IReadOnlyList<string> Capitalized(List<string> sentence)
    {
        if (sentence.Count > 0 && sentence[0].Length > 0 && char.IsLower(sentence[0][0]))
            sentence[0] = char.ToUpperInvariant(sentence[0][0]) + sentence[0][1..];
        return sentence;
    }

    /// <summary>A near duplicate: about one word in twenty replaced or dropped.</summary>
    private static string EditWords(string text, Random random)
    {
        var words = text.Split(' ').ToList();
        for (var i = 0; i < words.Count; i++)
        {
            if (random.NextDouble() >= 0.05) continue;
            if (random.Next(2) == 0) words[i] = words[random.Next(words.Count)];
            else words.RemoveAt(i);
        }
        return string.Join(' ', words);
    }

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static byte[] Line(Document d) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["id"] = d.Id, ["text"] = d.Text, ["genre"] = d.Genre, ["demo_truth"] = d.Machine ? "machine" : "human",
    }, Json) + "\n");

    private static void WriteJsonl(Stream stream, IEnumerable<Document> documents)
    {
        foreach (var d in documents) stream.Write(Line(d));
    }

    /// <summary>The main file, with the broken lines a real crawl has; returns how many broken records it holds.</summary>
    private int WriteMainJsonl(string path, List<Document> documents)
    {
        using var stream = File.Create(path);
        var brokenLines = new List<byte[]>
        {
            "{\"id\": \"broken-json\", \"text\": \"an unterminated string}\n"u8.ToArray(),
            "{\"id\": \"bad-utf8\", \"text\": \"caf"u8.ToArray().Concat(new byte[] { 0xC3, 0x28 }).Concat(" au lait\"}\n"u8.ToArray()).ToArray(),
            "{\"id\": \"no-text\", \"body\": \"the text is under another name\"}\n"u8.ToArray(),
            "{\"id\": \"null-text\", \"text\": null}\n"u8.ToArray(),
            "{\"id\": \"empty-text\", \"text\": \"   \"}\n"u8.ToArray(),
            "[\"not\", \"an\", \"object\"]\n"u8.ToArray(),
            Encoding.UTF8.GetBytes($"{{\"id\": \"oversized\", \"text\": \"{new string('x', options.OversizedRecordBytes)}\"}}\n"),
        };
        var every = Math.Max(1, documents.Count / (brokenLines.Count + 1));
        var next = 0;
        for (var i = 0; i < documents.Count; i++)
        {
            stream.Write(Line(documents[i]));
            if ((i + 1) % every == 0 && next < brokenLines.Count) stream.Write(brokenLines[next++]);
        }
        while (next < brokenLines.Count) stream.Write(brokenLines[next++]);
        return brokenLines.Count;
    }

    private static void WriteCsv(string path, IEnumerable<Document> documents)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.Write("id,genre,text,demo_truth\r\n");
        foreach (var d in documents)
            writer.Write($"{d.Id},{d.Genre},\"{d.Text.Replace("\"", "\"\"")}\",{(d.Machine ? "machine" : "human")}\r\n");
    }

    private static void WriteTextFolder(string folder, IEnumerable<Document> documents)
    {
        Directory.CreateDirectory(folder);
        var i = 0;
        foreach (var d in documents) File.WriteAllText(Path.Combine(folder, $"{i++:D3}-{d.Id}.txt"), d.Text + "\n");
    }

    /// <summary>A gzip file cut off mid-stream, as a crawl interrupted while writing leaves it.</summary>
    private static void WriteTruncatedGzip(string path, IEnumerable<Document> documents)
    {
        var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
            WriteJsonl(gzip, documents);
        var bytes = buffer.ToArray();
        File.WriteAllBytes(path, bytes[..(bytes.Length * 2 / 3)]);
    }
}
