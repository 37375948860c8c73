namespace ProvenanceGuard.Ingestion;

/// <summary>The input formats ingestion reads.</summary>
public enum InputFormat { Jsonl, JsonlGzip, JsonlZstd, Csv, TextFolder, Parquet }

/// <summary>Maps a path to its format: by extension for files, <see cref="InputFormat.TextFolder"/> for directories.</summary>
public static class InputFormats
{
    public static InputFormat FromPath(string path)
    {
        if (Directory.Exists(path)) return InputFormat.TextFolder;
        var name = Path.GetFileName(path).ToLowerInvariant();
        if (name.EndsWith(".jsonl.gz") || name.EndsWith(".json.gz") || name.EndsWith(".ndjson.gz")) return InputFormat.JsonlGzip;
        if (name.EndsWith(".jsonl.zst") || name.EndsWith(".json.zst") || name.EndsWith(".ndjson.zst")) return InputFormat.JsonlZstd;
        if (name.EndsWith(".jsonl") || name.EndsWith(".json") || name.EndsWith(".ndjson")) return InputFormat.Jsonl;
        if (name.EndsWith(".csv")) return InputFormat.Csv;
        if (name.EndsWith(".parquet")) return InputFormat.Parquet;
        throw new ConfigurationException(
            $"{path}: cannot tell the input format from the name (expected .jsonl, .jsonl.gz, .jsonl.zst, .csv, .parquet, or a folder of .txt files)");
    }

    public static InputFormat Parse(string name, string context) => name.ToLowerInvariant() switch
    {
        "jsonl" => InputFormat.Jsonl,
        "jsonl.gz" => InputFormat.JsonlGzip,
        "jsonl.zst" => InputFormat.JsonlZstd,
        "csv" => InputFormat.Csv,
        "parquet" => InputFormat.Parquet,
        "txt" or "text" => InputFormat.TextFolder,
        _ => throw new ConfigurationException($"{context}: unknown format '{name}' (jsonl, jsonl.gz, jsonl.zst, csv, parquet, txt)"),
    };
}
