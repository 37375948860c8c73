using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using ProvenanceGuard.Ingestion;
using ProvenanceGuard.Pipeline.Schema;

namespace ProvenanceGuard.Pipeline;

/// <summary>A pipeline ready to run: its definition with every override applied, and the hash that identifies its configuration.</summary>
public sealed record LoadedPipeline(PipelineDefinition Definition, string ConfigSha256, string? PipelinePath);

/// <summary>
/// Loads a pipeline file: validates it against schemas/pipeline.schema.json (errors point at the bad field),
/// then layers configuration: appsettings.json defaults &lt; the pipeline file &lt; PROVGUARD__ environment
/// variables &lt; command-line settings.
/// </summary>
public static class PipelineLoader
{
    public const string EnvironmentPrefix = "PROVGUARD__";

    public static LoadedPipeline Load(
        string pipelinePath,
        IEnumerable<KeyValuePair<string, string?>>? environment = null,
        IReadOnlyDictionary<string, string?>? commandLine = null,
        string? appSettingsPath = null,
        string? sourceBaseDirectory = null)
    {
        if (!File.Exists(pipelinePath)) throw new ConfigurationException($"{pipelinePath}: pipeline file not found");
        var errors = ValidateFile(pipelinePath);
        if (errors.Count > 0)
            throw new ConfigurationException($"{pipelinePath}: does not match schemas/pipeline.schema.json:\n" +
                                             string.Join("\n", errors.Select(e => "  " + e)));

        var builder = new ConfigurationBuilder();
        appSettingsPath ??= Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        if (File.Exists(appSettingsPath)) builder.AddJsonFile(appSettingsPath, optional: true);
        builder.AddJsonFile(Path.GetFullPath(pipelinePath), optional: false);
        builder.AddInMemoryCollection(FromEnvironment(environment ?? ProcessEnvironment()));
        if (commandLine is not null) builder.AddInMemoryCollection(commandLine);

        PipelineDefinition definition;
        try
        {
            definition = builder.Build().Get<PipelineDefinition>() ?? new PipelineDefinition();
        }
        catch (InvalidOperationException e)
        {
            throw new ConfigurationException($"{pipelinePath}: {e.Message}{(e.InnerException is null ? "" : " " + e.InnerException.Message)}");
        }

        // Relative source paths are relative to the pipeline file, so a pipeline works from any working directory.
        definition = ResolveSourcePaths(definition, sourceBaseDirectory ?? Path.GetDirectoryName(Path.GetFullPath(pipelinePath))!);
        PipelineRules.Check(definition, pipelinePath);
        return new LoadedPipeline(definition, ConfigHash(definition), Path.GetFullPath(pipelinePath));
    }

    public static IReadOnlyList<SchemaError> ValidateFile(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new ConfigurationException($"{path}:{(e.LineNumber ?? 0) + 1}: not valid JSON: {e.Message}");
        }
        using (document) return SchemaCatalog.Pipeline.Validate(document.RootElement);
    }

    /// <summary>Replaces the pipeline's sources with the given files (format from each name), keeping the first source's field names.</summary>
    public static LoadedPipeline WithInputs(LoadedPipeline pipeline, IReadOnlyList<string> inputs)
    {
        if (inputs.Count == 0) return pipeline;
        var template = pipeline.Definition.Sources.FirstOrDefault() ?? new SourceDefinition();
        var sources = inputs.Select(path =>
        {
            InputFormats.FromPath(path);
            return new SourceDefinition
            {
                Name = Path.GetFileName(Path.TrimEndingDirectorySeparator(path)),
                Path = IsRemote(path) ? path : Path.GetFullPath(path),
                TextField = template.TextField,
                IdField = template.IdField,
            };
        }).ToList();
        var definition = Copy(pipeline.Definition, sources);
        return pipeline with { Definition = definition, ConfigSha256 = ConfigHash(definition) };
    }

    /// <summary>An http(s) URL or s3:// location: read as given, never resolved as a local path.</summary>
    private static bool IsRemote(string path) => Ingestion.Http.HttpSource.IsUrl(path) || Ingestion.Http.S3Location.IsS3(path);

    public static LoadedPipeline WithOutput(LoadedPipeline pipeline, string directory)
    {
        var definition = Copy(pipeline.Definition, pipeline.Definition.Sources, pipeline.Definition.Output with { Directory = directory });
        return pipeline with { Definition = definition };
    }

    private static PipelineDefinition ResolveSourcePaths(PipelineDefinition definition, string baseDirectory) =>
        Copy(definition,
            definition.Sources.Select(s => new SourceDefinition
        {
            Name = s.Name,
            Path = IsRemote(s.Path) ? s.Path : Path.GetFullPath(Path.Combine(baseDirectory, s.Path)),
            Format = s.Format,
            TextField = s.TextField,
            IdField = string.IsNullOrEmpty(s.IdField) ? null : s.IdField,
        }).ToList(),
            policy: definition.Policy.AccumulateFrom is { } previous
                ? definition.Policy with { AccumulateFrom = Path.GetFullPath(Path.Combine(baseDirectory, previous)) }
                : null);

    private static PipelineDefinition Copy(PipelineDefinition d, List<SourceDefinition> sources, OutputOptions? output = null, Curation.CurationPolicy? policy = null) => new()
    {
        Name = d.Name,
        Description = d.Description,
        Seed = d.Seed,
        Sources = sources,
        Steps = d.Steps,
        Policy = policy ?? d.Policy,
        Output = output ?? d.Output,
        Limits = d.Limits,
        Executor = d.Executor,
        Detector = d.Detector,
        Lineage = d.Lineage,
        Http = d.Http,
        Signing = d.Signing,
        Fusion = d.Fusion,
    };

    /// <summary>
    /// SHA-256 over everything that can change a release's content: sources, steps, policy, limits, shard
    /// layout, detector and seed. Not the output directory or executor tuning, which never change the shards.
    /// </summary>
    public static string ConfigHash(PipelineDefinition d)
    {
        var identity = new
        {
            d.Name, d.Seed,
            Sources = d.Sources.Select(s => new { s.Name, s.Path, s.Format, s.TextField, s.IdField }),
            // Near-dup settings join the identity only when present, so exact-dedup pipelines keep their hashes.
            Steps = d.Steps.Select(s => s.MinHash is null ? (object)new { s.Type, s.Method } : new { s.Type, s.Method, s.MinHash }),
            d.Policy, d.Limits, d.Detector,
            Output = new { d.Output.ShardFormat, d.Output.ShardRows },
        };
        // Fusion joins the identity only when configured (so other pipelines keep their hashes), its key only as a digest.
        if (d.Fusion is { } fusion)
            return Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(new
            {
                identity,
                Fusion = fusion with { Watermark = fusion.Watermark is { } w ? w with { Key = StageDescriptors.KeyDigest(w.Key) } : null },
            })));
        return Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(identity)));
    }

    private static IEnumerable<KeyValuePair<string, string?>> FromEnvironment(IEnumerable<KeyValuePair<string, string?>> environment) =>
        environment
            .Where(kv => kv.Key.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
            .Select(kv => new KeyValuePair<string, string?>(kv.Key[EnvironmentPrefix.Length..].Replace("__", ":"), kv.Value));

    private static IEnumerable<KeyValuePair<string, string?>> ProcessEnvironment() =>
        Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Select(e => new KeyValuePair<string, string?>((string)e.Key, e.Value as string));
}
