namespace ProvenanceGuard.Records;

/// <summary>
/// Reusable buffers for the UTF-8 texts of a run's records (<see cref="TextSlab"/>). A one-task run holds every
/// record's text from tagging until its shard is written, longer than a young collection, so texts kept as strings
/// were copied twice by the GC on their way to the old generation; slabs taken from here are allocated once per run.
/// </summary>
public sealed class TextSlabPool(int slabBytes = TextSlabPool.DefaultSlabBytes, int maxIdle = 96)
{
    public const int DefaultSlabBytes = 1 << 20;

    private readonly Stack<byte[]> _idle = new();

    public int SlabBytes { get; } = slabBytes > 0 ? slabBytes : throw new ArgumentOutOfRangeException(nameof(slabBytes));

    internal byte[] Rent()
    {
        lock (_idle)
        {
            if (_idle.TryPop(out var buffer)) return buffer;
        }
        return GC.AllocateUninitializedArray<byte>(SlabBytes);
    }

    internal void Return(byte[] buffer)
    {
        if (buffer.Length != SlabBytes) return;
        lock (_idle)
        {
            if (_idle.Count < maxIdle) _idle.Push(buffer);
        }
    }
}
