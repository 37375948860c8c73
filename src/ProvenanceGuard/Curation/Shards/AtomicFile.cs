namespace ProvenanceGuard.Curation.Shards;

/// <summary>
/// A file that appears under its final name only when complete: written as a hidden temporary file beside
/// it, flushed to disk, then renamed. Disposing without <see cref="Commit"/> deletes the temporary file.
/// </summary>
public sealed class AtomicFile : IDisposable
{
    private readonly FileStream _stream;
    private bool _committed;

    public AtomicFile(string finalPath)
    {
        FinalPath = finalPath;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(finalPath))!);
        TempPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(finalPath))!, "." + Path.GetFileName(finalPath) + ".tmp-" + Environment.ProcessId);
        _stream = new FileStream(TempPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
    }

    public string FinalPath { get; }
    public string TempPath { get; }
    public Stream Stream => _stream;

    public void Commit()
    {
        _stream.Flush(flushToDisk: true);
        _stream.Dispose();
        File.Move(TempPath, FinalPath, overwrite: true);
        _committed = true;
    }

    public static void WriteAllBytes(string finalPath, ReadOnlySpan<byte> bytes)
    {
        using var file = new AtomicFile(finalPath);
        file.Stream.Write(bytes);
        file.Commit();
    }

    public void Dispose()
    {
        if (_committed) return;
        _stream.Dispose();
        try { File.Delete(TempPath); } catch (IOException) { }
    }
}
