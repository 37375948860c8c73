using ProvenanceGuard.Formats.Parquet.Writing;

namespace ProvenanceGuard.Formats.Parquet;

/// <summary>
/// Keeps the large buffers of finished <see cref="ParquetFileWriter"/>s (column values, page bodies, compressed pages,
/// dictionaries) so that the next writer with the same columns starts with them instead of growing fresh arrays that
/// the GC frees and the OS zeroes again. Owned by whoever creates the writers (e.g. a shard format, one per run);
/// safe to share between writers on different threads. Reuse never changes a written byte.
/// </summary>
public sealed class ParquetWriterMemory
{
    private readonly object _gate = new();
    private readonly List<WriterWorkspace> _idle = new();
    private readonly int _maxIdle;

    /// <param name="maxIdle">
    /// How many idle workspaces to keep: about the number of writers open at once. Each holds roughly one row group of
    /// data plus its compressed pages; a workspace returned beyond this count is left to the GC.
    /// </param>
    public ParquetWriterMemory(int maxIdle = 4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxIdle, 1);
        _maxIdle = maxIdle;
    }

    /// <summary>How many workspaces are waiting for a writer (for tests and diagnostics).</summary>
    public int IdleCount
    {
        get { lock (_gate) return _idle.Count; }
    }

    /// <summary>A workspace for these columns: an idle one with the same schema if there is one, else a new one.</summary>
    internal WriterWorkspace Rent(IReadOnlyList<ParquetColumnSpec> columns)
    {
        lock (_gate)
        {
            for (var i = _idle.Count - 1; i >= 0; i--)
            {
                if (!_idle[i].Fits(columns)) continue;
                var workspace = _idle[i];
                _idle.RemoveAt(i);
                return workspace;
            }
        }
        return new WriterWorkspace(columns);
    }

    internal void Return(WriterWorkspace workspace)
    {
        workspace.Reset();
        lock (_gate)
            if (_idle.Count < _maxIdle) _idle.Add(workspace);
    }
}
