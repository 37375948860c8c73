using System.Text.Json;

namespace ProvenanceGuard.Provenance.Gate;

/// <summary>
/// Recounts dispositions.jsonl.gz: every line is exactly one of kept (naming a shard and row), rejected (with
/// a reason) or duplicate (of an id), no id appears twice, and the kept lines of each shard fingerprint the same
/// (row, id) pairs as the shard's own rows. Memory: a 16-byte key per record for the id check (about 30 bytes with the set's overhead).
/// </summary>
internal static class DispositionsAudit
{
    public sealed record Result(RecountedDispositions Counts, IReadOnlyDictionary<string, RowIdentity> KeptByShard, IReadOnlyList<string> Problems);

    public static Result Read(string path, string file)
    {
        long kept = 0, rejected = 0, duplicate = 0, line = 0;
        var byShard = new Dictionary<string, RowIdentity>(StringComparer.Ordinal);
        var seen = new HashSet<UInt128>();
        var problems = new List<string>();
        void Problem(string message)
        {
            if (problems.Count < 20) problems.Add(message);
        }

        foreach (var entry in GzipJsonLines.Read(path, file))
        {
            line++;
            var id = entry.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString()! : null;
            if (id is null) Problem($"{file}:{line}: no id");
            else if (!seen.Add(IdKey(id))) Problem($"{file}:{line}: id {id} leaves twice");
            var kind = entry.TryGetProperty("disposition", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            switch (kind)
            {
                case "kept":
                    kept++;
                    if (entry.TryGetProperty("shard", out var shard) && shard.ValueKind == JsonValueKind.String
                        && entry.TryGetProperty("row", out var row) && row.ValueKind == JsonValueKind.Number)
                    {
                        var identity = byShard.GetValueOrDefault(shard.GetString()!);
                        identity.Add(row.GetInt64(), id ?? "");
                        byShard[shard.GetString()!] = identity;
                    }
                    else Problem($"{file}:{line}: kept without a shard and row");
                    break;
                case "rejected":
                    rejected++;
                    if (!entry.TryGetProperty("reason", out var reason) || reason.ValueKind != JsonValueKind.String)
                        Problem($"{file}:{line}: rejected without a reason");
                    break;
                case "duplicate":
                    duplicate++;
                    if (!entry.TryGetProperty("duplicate_of", out var of) || of.ValueKind != JsonValueKind.String)
                        Problem($"{file}:{line}: duplicate without the id it duplicates");
                    break;
                default:
                    Problem($"{file}:{line}: disposition '{kind}' is none of kept, rejected, duplicate");
                    break;
            }
        }
        return new Result(new RecountedDispositions(line, kept, rejected, duplicate), byShard, problems);
    }

    private static UInt128 IdKey(string id)
    {
        Span<byte> digest = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id), digest);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(digest);
    }
}
