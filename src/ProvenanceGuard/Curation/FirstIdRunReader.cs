namespace ProvenanceGuard.Curation;

/// <summary>Reads a <see cref="FirstIdRun"/>'s entries front to back with their ids, for merging runs.</summary>
internal sealed class FirstIdRunReader : IDisposable
{
    private const int BufferBytes = 1 << 20;

    private readonly FirstIdRun _run;
    private readonly FileStream _keys;
    private readonly FileStream _ids;
    private readonly byte[] _entry = new byte[FirstIdRun.EntryBytes];
    private byte[] _id = new byte[256];
    private long _read;

    public FirstIdRunReader(FirstIdRun run)
    {
        _run = run;
        _keys = new FileStream(run.KeysPath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferBytes, FileOptions.SequentialScan);
        _ids = new FileStream(run.IdsPath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferBytes, FileOptions.SequentialScan);
    }

    public UInt128 Hash { get; private set; }
    public ReadOnlySpan<byte> IdUtf8 => _id.AsSpan(0, IdLength);
    private int IdLength { get; set; }

    /// <summary>Steps to the next entry; false at the end of the run.</summary>
    public bool MoveNext()
    {
        if (_read == _run.Count) return false;
        _keys.ReadExactly(_entry);
        Hash = FirstIdRun.HashOf(_entry);
        var length = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = _ids.ReadByte();
            if (b < 0) throw new InvalidDataException($"{_run.IdsPath}: ends inside entry {_read}");
            length |= (b & 0x7F) << shift;
            if (b < 0x80) break;
        }
        if (_id.Length < length) _id = new byte[Math.Max(length, _id.Length * 2)];
        _ids.ReadExactly(_id, 0, length);
        IdLength = length;
        _read++;
        return true;
    }

    public void Dispose()
    {
        _keys.Dispose();
        _ids.Dispose();
    }
}
