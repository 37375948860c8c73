using ProvenanceGuard.Ingestion;

namespace ProvenanceGuard.Pipeline;

/// <summary>
/// Turns a pipeline's sources into the run's ordered input files and their splits. The order (sources as
/// listed, files within a glob or folder by ordinal name) is the canonical record order; splits are numbered
/// in that order, and task <c>rank</c> of <c>world</c> reads splits whose number mod world is rank.
/// </summary>
public static class InputPlanner
{
    public const string AccumulatedSource = "accumulated";

    public static IReadOnlyList<InputFile> Inputs(PipelineDefinition pipeline)
    {
        var inputs = new List<InputFile>();
        if (pipeline.Policy.AccumulateFrom is { } previous) AddAccumulated(previous, inputs);
        Ingestion.Http.HttpSource? remote = null;
        foreach (var source in pipeline.Sources)
        {
            if (Ingestion.Http.HttpSource.IsUrl(source.Path))
            {
                remote ??= new Ingestion.Http.HttpSource(pipeline.Http, new Random(pipeline.Seed));
                if (!Uri.TryCreate(source.Path, UriKind.Absolute, out var url))
                    throw new ConfigurationException($"source '{source.Name}': {source.Path} is not a valid URL");
                inputs.Add(RemoteInput(inputs.Count, source, url, remote));
                continue;
            }
            if (Ingestion.Http.S3Location.IsS3(source.Path))
            {
                remote ??= new Ingestion.Http.HttpSource(pipeline.Http, new Random(pipeline.Seed));
                foreach (var url in S3Objects(source, pipeline.Http, remote)) inputs.Add(RemoteInput(inputs.Count, source, url, remote));
                continue;
            }
            foreach (var path in Expand(source.Path, source.Name))
            {
                var format = source.Format is null ? InputFormats.FromPath(path) : InputFormats.Parse(source.Format, $"source '{source.Name}'");
                if (format == InputFormat.TextFolder && !Directory.Exists(path))
                    throw new ConfigurationException($"source '{source.Name}': {path} is not a folder of .txt files");
                var length = format == InputFormat.TextFolder ? 0 : new FileInfo(path).Length;
                inputs.Add(new InputFile(inputs.Count, source.Name, path, format, source.TextField, source.IdField, length));
            }
        }
        return inputs;
    }

    /// <summary>The objects an s3:// source names on the configured endpoint: the one key, or the keys its glob matches, in key order.</summary>
    private static IEnumerable<Uri> S3Objects(SourceDefinition source, Ingestion.Http.HttpSourceOptions http, Ingestion.Http.HttpSource remote)
    {
        var location = Ingestion.Http.S3Location.Parse(source.Path, source.Name);
        if (!Uri.TryCreate(http.S3Endpoint, UriKind.Absolute, out var endpoint) || !Ingestion.Http.HttpSource.IsUrl(endpoint.AbsoluteUri))
            throw new ConfigurationException($"source '{source.Name}': {source.Path} needs http:s3Endpoint, the http(s) base URL of an S3-compatible endpoint");
        if (!location.IsGlob) return [Ingestion.Http.S3Location.ObjectUrl(endpoint, location.Bucket, location.Key)];
        var keys = remote.ListKeys(endpoint, location);
        if (keys.Count == 0) throw new ConfigurationException($"source '{source.Name}': no object matches {location} on {endpoint}");
        return keys.Select(key => Ingestion.Http.S3Location.ObjectUrl(endpoint, location.Bucket, key));
    }

    /// <summary>An http(s) object: JSONL only (streamed, never split), its length unknown until the server answers.</summary>
    private static InputFile RemoteInput(int index, SourceDefinition source, Uri url, Ingestion.Http.HttpSource remote)
    {
        var format = source.Format is null ? InputFormats.FromPath(url.AbsolutePath) : InputFormats.Parse(source.Format, $"source '{source.Name}'");
        if (format is not (InputFormat.Jsonl or InputFormat.JsonlGzip or InputFormat.JsonlZstd))
            throw new ConfigurationException($"source '{source.Name}': {source.Path}: HTTP sources read jsonl, jsonl.gz or jsonl.zst");
        return new InputFile(index, source.Name, url.AbsoluteUri, format, source.TextField, source.IdField, 0) { Remote = remote };
    }

    /// <summary>
    /// The previous release's shards become the first inputs (so its records come first and win exact-dedup ties),
    /// each checked against the digest its manifest recorded: a modified release is refused, not accumulated.
    /// </summary>
    private static void AddAccumulated(string release, List<InputFile> inputs)
    {
        var manifestPath = Path.Combine(release, "manifest.json");
        var manifest = System.Text.Json.JsonSerializer.Deserialize<Provenance.ReleaseManifest>(File.ReadAllBytes(manifestPath), Provenance.ReleaseManifest.JsonOptions)
                       ?? throw new InvalidDataException($"{manifestPath}: empty manifest");
        foreach (var shard in manifest.Shards)
        {
            var path = Path.Combine(release, shard.File);
            if (!File.Exists(path)) throw new InvalidDataException($"policy:accumulateFrom: {path} is listed in {manifestPath} but missing");
            if (Provenance.FileDigest.OfFile(path) != shard.Sha256)
                throw new InvalidDataException($"policy:accumulateFrom: {path} does not match the SHA-256 in {manifestPath}; refusing to accumulate a modified release");
            var format = InputFormats.FromPath(path);
            inputs.Add(new InputFile(inputs.Count, AccumulatedSource, path, format, "text", "id", new FileInfo(path).Length));
        }
    }

    public static IReadOnlyList<InputSplit> Splits(IReadOnlyList<InputFile> inputs, long splitBytes)
    {
        var splits = new List<InputSplit>();
        foreach (var input in inputs)
        {
            if (input.Format != InputFormat.Jsonl || input.Length <= splitBytes)
            {
                splits.Add(new InputSplit(splits.Count, input, 0, -1));
                continue;
            }
            for (long start = 0; start < input.Length; start += splitBytes)
            {
                var end = Math.Min(input.Length, start + splitBytes);
                splits.Add(new InputSplit(splits.Count, input, start, end == input.Length ? -1 : end));
            }
        }
        return splits;
    }

    public static bool IsMine(InputSplit split, int rank, int world) => split.Index % world == rank;

    private static IEnumerable<string> Expand(string path, string sourceName)
    {
        var name = Path.GetFileName(path);
        if (name.Contains('*') || name.Contains('?'))
        {
            var directory = Path.GetDirectoryName(path)!;
            if (!Directory.Exists(directory)) throw new ConfigurationException($"source '{sourceName}': folder {directory} does not exist");
            var matches = Directory.GetFiles(directory, name).Order(StringComparer.Ordinal).ToList();
            if (matches.Count == 0) throw new ConfigurationException($"source '{sourceName}': no file matches {path}");
            return matches;
        }
        if (!File.Exists(path) && !Directory.Exists(path)) throw new ConfigurationException($"source '{sourceName}': {path} does not exist");
        return [path];
    }
}
