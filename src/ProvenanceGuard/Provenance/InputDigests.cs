using ProvenanceGuard.Ingestion;

namespace ProvenanceGuard.Provenance;

/// <summary>
/// The manifest digests of a run's inputs. Local JSON-lines files (plain, gzip or zstd) are digested along the split
/// reader's own reads of their raw bytes (<see cref="ReadAlong"/>); other inputs (remote, .txt folders, CSV, Parquet)
/// keep the separate <see cref="FileDigest"/> read.
/// </summary>
public sealed class InputDigests : IDisposable
{
    private readonly Dictionary<int, ReadAlongDigest> _readAlong;

    /// <param name="inputs">The run's inputs.</param>
    /// <param name="wanted">Which inputs this process will ask the digest of (default: all); only those are hashed along the reads.</param>
    public InputDigests(IReadOnlyList<InputFile> inputs, Func<InputFile, bool>? wanted = null)
    {
        _readAlong = inputs.Where(i => ReadsAlong(i) && (wanted?.Invoke(i) ?? true)).ToDictionary(i => i.Index, i => new ReadAlongDigest(i.Path));
    }

    /// <summary>The read-along digests by input index, for the split reader.</summary>
    public IReadOnlyDictionary<int, ReadAlongDigest> ReadAlong => _readAlong;

    /// <summary>The digest of one input: completes its read-along digest (reading only what the run did not), or reads it whole.</summary>
    public string Of(InputFile input) => _readAlong.TryGetValue(input.Index, out var digest) ? digest.Complete() : FileDigest.Of(input);

    private static bool ReadsAlong(InputFile input) =>
        input.Remote is null && input.Format is InputFormat.Jsonl or InputFormat.JsonlGzip or InputFormat.JsonlZstd;

    public void Dispose()
    {
        foreach (var digest in _readAlong.Values) digest.Dispose();
    }
}
