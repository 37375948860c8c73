namespace ProvenanceGuard.Records;

/// <summary>
/// A document flowing through the pipeline with the facts attached to it. Taggers add attributes and lineage
/// events; only the curator sets the disposition.
/// </summary>
public sealed class Record
{
    private readonly string? _text;
    private TextSlice _utf8;

    public required string Id { get; init; }

    /// <summary>
    /// The normalized text (NFC, whitespace folded); the content hash is over its UTF-8 bytes. A record tagged by a
    /// one-task run holds it as UTF-8 in a pooled slab instead, decoded here on demand, until the release has written
    /// it (<see cref="ReleaseText"/>); reading it after that is a bug and throws.
    /// </summary>
    public string Text
    {
        get => _text ?? Decode();
        init => _text = value;
    }

    /// <summary>The text's length in UTF-16 characters, without decoding it.</summary>
    public int TextLength => _text?.Length ?? _utf8.Chars;

    public required string Source { get; init; }
    /// <summary>SHA-256 of the normalized UTF-8 text, lower-case hex.</summary>
    public required string ContentSha256 { get; init; }
    public required RecordOrigin Origin { get; init; }
    /// <summary>The input's other fields, as a compact JSON object (null when there were none).</summary>
    public string? MetadataJson { get; init; }
    /// <summary>Position in the run's canonical order (input file index, then position in the file); fixes every tie.</summary>
    public required long Sequence { get; init; }

    public RecordAttributes Attributes { get; } = new();
    public List<LineageEvent> Lineage { get; } = new(4);
    public Disposition? Disposition { get; set; }
    /// <summary>For a rejected record: what was wrong, naming the file and line.</summary>
    public string? RejectMessage { get; set; }

    /// <summary>The text held as UTF-8 in a slab (in place of a string).</summary>
    internal TextSlice Utf8Text
    {
        init => _utf8 = value;
    }

    /// <summary>The text as UTF-8 when the record holds it so; writers then copy it without transcoding.</summary>
    internal bool TryGetUtf8Text(out ReadOnlySpan<byte> utf8)
    {
        utf8 = _utf8.Slab is null ? default : _utf8.Bytes;
        return _utf8.Slab is not null;
    }

    /// <summary>Gives a slab-held text back once every file that carries it is written; a second call does nothing.</summary>
    internal void ReleaseText()
    {
        var slab = _utf8.Slab;
        if (slab is null) return;
        _utf8 = _utf8 with { Slab = null! };
        slab.Release();
    }

    private string Decode() => _utf8.Slab is { } slab
        ? System.Text.Encoding.UTF8.GetString(slab.Bytes, _utf8.Offset, _utf8.Length)
        : throw new InvalidOperationException($"record '{Id}': its text was read after the release wrote it and let it go");
}
