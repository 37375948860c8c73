using System.Data.Common;

namespace ProvenanceGuard.Lineage;

/// <summary>Reads the row shapes both lineage stores answer with, from either database's command.</summary>
internal static class LineageRows
{
    public static List<string> Strings(DbCommand command)
    {
        using var _ = command;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read()) values.Add(reader.GetString(0));
        return values;
    }

    /// <summary>(key, count) rows.</summary>
    public static SortedDictionary<string, long> Counts(DbCommand command)
    {
        using var _ = command;
        using var reader = command.ExecuteReader();
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        while (reader.Read()) counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }

    /// <summary>(content hash, id, source, why) rows of a release diff.</summary>
    public static List<DiffEntry> DiffEntries(DbCommand command)
    {
        using var _ = command;
        using var reader = command.ExecuteReader();
        var entries = new List<DiffEntry>();
        while (reader.Read()) entries.Add(new DiffEntry(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        return entries;
    }

    /// <summary>(stage, version, parameters hash, decision) rows, in sequence.</summary>
    public static List<StoredEvent> Events(DbCommand command)
    {
        using var _ = command;
        using var reader = command.ExecuteReader();
        var events = new List<StoredEvent>();
        while (reader.Read()) events.Add(new StoredEvent(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        return events;
    }

    /// <summary>A shard's (source, rows, flagged rows, mean P(machine)) rows, summed into its composition.</summary>
    public static ShardComposition Shard(DbCommand command, string shard)
    {
        using var _ = command;
        using var reader = command.ExecuteReader();
        var bySource = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long rows = 0, flagged = 0;
        double weightedMean = 0;
        while (reader.Read())
        {
            var count = reader.GetInt64(1);
            bySource[reader.GetString(0)] = count;
            rows += count;
            flagged += reader.IsDBNull(2) ? 0 : reader.GetInt64(2);
            weightedMean += reader.IsDBNull(3) ? 0 : reader.GetDouble(3) * count;
        }
        if (rows == 0) throw new ConfigurationException($"no shard '{shard}' in this release");
        return new ShardComposition(shard, rows, flagged, weightedMean / rows, bySource);
    }

    public static long Scalar(DbCommand command)
    {
        using var _ = command;
        return Convert.ToInt64(command.ExecuteScalar());
    }
}
