namespace ProvenanceGuard.Ingestion;

/// <summary>One input of a run: a file (or a folder of .txt files) with how to read it. <see cref="Index"/> fixes its place in the canonical order.</summary>
public sealed record InputFile(int Index, string Source, string Path, InputFormat Format, string TextField, string? IdField, long Length)
{
    /// <summary>The file (or folder) name that records cite as their origin: stable wherever the corpus is stored.</summary>
    /// <summary>For an http(s) URL: the run's resilient HTTP reader; null for local files.</summary>
    public Http.HttpSource? Remote { get; init; }

    public string Name => System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(Path));
}

/// <summary>
/// A piece of an input that one task reads: a byte range of a plain JSONL file (a line belongs to the
/// split its first byte lies in), or a whole file for formats that cannot be split.
/// </summary>
public sealed record InputSplit(int Index, InputFile File, long Start, long End)
{
    public bool IsWholeFile => Start == 0 && End < 0;
}
