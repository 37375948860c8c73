using System.Collections;
using System.Text.Json;

namespace ProvenanceGuard.Simulation.Outputs;

/// <summary>
/// Writes the JSON summary the release gate reads (schemas/simulation.schema.json):
/// {"model", "loop", ..., "generations": [{"generation": n, metric: value, ...}], "verdict": {...}}.
/// Non-finite numbers are written as null.
/// </summary>
public static class SimulationJsonWriter
{
    public const string SchemaVersion = "1";

    public static void Write(SimulationReport report, Stream stream, bool indented = true)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented });
        var run = report.Run;
        w.WriteStartObject();
        w.WriteString("schema_version", SchemaVersion);
        w.WriteString("model", run.Model.Name);
        w.WriteString("loop", run.Loop.Name);
        w.WriteNumber("chains", run.Chains);
        w.WriteNumber("samples_per_generation", run.Loop.SamplesPerGeneration);
        w.WriteNumber("generation_count", run.Generations);
        w.WriteNumber("seed", run.Settings.Seed);

        w.WritePropertyName("parameters");
        WriteValue(w, run.Model.Parameters);

        w.WriteStartObject("training");
        switch (run.Loop.Kind)
        {
            case Loops.LoopKind.FreshMix:
                w.WriteNumber("fresh_real_fraction", run.Loop.FreshRealFraction);
                break;
            case Loops.LoopKind.Policy:
                w.WriteNumber("synthetic_share", run.Loop.SyntheticShare);
                w.WriteNumber("pool_synthetic_share", report.PoolSyntheticShare);
                WriteNullable(w, "max_synthetic_share", report.Policy.MaxSyntheticShare);
                WriteNullable(w, "synthetic_threshold", report.Policy.SyntheticThreshold);
                w.WriteStartObject("detector");
                w.WriteNumber("tpr", report.Detector.TruePositiveRate);
                w.WriteNumber("fpr", report.Detector.FalsePositiveRate);
                w.WriteString("source", report.Detector.Source);
                w.WriteEndObject();
                break;
        }
        w.WriteEndObject();

        w.WriteStartArray("generations");
        foreach (var g in report.Summary.Generations)
        {
            w.WriteStartObject();
            w.WriteNumber("generation", g.Generation);
            foreach (var (name, value) in g.Columns) WriteNumber(w, name, value);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        var v = report.Verdict;
        w.WriteStartObject("verdict");
        w.WriteString("status", v.Status);
        w.WriteBoolean("pass", v.Passed);
        w.WriteNumber("generation", v.Generation);
        w.WriteStartArray("checks");
        foreach (var c in v.Checks)
        {
            w.WriteStartObject();
            w.WriteString("threshold", c.Threshold);
            w.WriteString("column", c.Column);
            w.WriteString("comparison", c.Comparison);
            w.WriteNumber("limit", c.Limit);
            WriteNullable(w, "value", c.Value);
            if (c.Passed is { } passed) w.WriteBoolean("pass", passed);
            else w.WriteNull("pass");
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();

        w.WriteEndObject();
    }

    public static void Write(SimulationReport report, string path)
    {
        using var stream = File.Create(path);
        Write(report, stream);
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v) WriteNumber(w, name, v);
        else w.WriteNull(name);
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value)) w.WriteNumber(name, value);
        else w.WriteNull(name);
    }

    private static void WriteValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case int i: w.WriteNumberValue(i); break;
            case long l: w.WriteNumberValue(l); break;
            case double d when double.IsFinite(d): w.WriteNumberValue(d); break;
            case double: w.WriteNullValue(); break;
            case IReadOnlyDictionary<string, object> map:
                w.WriteStartObject();
                foreach (var (k, item) in map)
                {
                    w.WritePropertyName(k);
                    WriteValue(w, item);
                }
                w.WriteEndObject();
                break;
            case IEnumerable items:
                w.WriteStartArray();
                foreach (var item in items) WriteValue(w, item);
                w.WriteEndArray();
                break;
            default: w.WriteStringValue(value.ToString()); break;
        }
    }
}
