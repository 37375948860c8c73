using System.Text.Json;

namespace ProvenanceGuard.Pipeline.Schema;

/// <summary>The JSON Schemas shipped in schemas/, embedded in the library so validation works wherever the tool runs.</summary>
public static class SchemaCatalog
{
    private static readonly Lazy<JsonSchemaValidator> PipelineSchema = new(() => Load("pipeline.schema.json"));

    public static JsonSchemaValidator Pipeline => PipelineSchema.Value;

    public static JsonSchemaValidator Load(string name)
    {
        using var stream = typeof(SchemaCatalog).Assembly.GetManifestResourceStream(name)
                           ?? throw new InvalidOperationException($"embedded schema '{name}' is missing from the build");
        using var document = JsonDocument.Parse(stream);
        return new JsonSchemaValidator(document.RootElement.Clone());
    }
}
