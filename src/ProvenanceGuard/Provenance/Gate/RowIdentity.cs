using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ProvenanceGuard.Provenance.Gate;

/// <summary>
/// An order-independent fingerprint of a set of (row, id) pairs: the wrapping sum of a 64-bit hash of each
/// pair. The shard's rows and the dispositions file's kept lines must give the same fingerprint, without
/// holding either in memory.
/// </summary>
internal struct RowIdentity
{
    public long Count { get; private set; }
    public ulong Sum { get; private set; }

    public void Add(long row, string id)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{row}\t{id}"), digest);
        Sum = unchecked(Sum + BinaryPrimitives.ReadUInt64LittleEndian(digest));
        Count++;
    }

    public readonly bool SameAs(RowIdentity other) => Count == other.Count && Sum == other.Sum;
}
