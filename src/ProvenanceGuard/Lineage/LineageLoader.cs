using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using ProvenanceGuard.Pipeline;
using ProvenanceGuard.Provenance;

namespace ProvenanceGuard.Lineage;

/// <summary>How a load went: records and events written, and how fast.</summary>
public sealed record LineageLoadResult(string Database, long Records, long Events, TimeSpan Elapsed)
{
    public double RecordsPerSecond => Records / Math.Max(Elapsed.TotalSeconds, 1e-9);
}

/// <summary>
/// Builds a release's lineage.db from its own files (manifest.json and dispositions.jsonl.gz, which holds one
/// line per input record with its disposition and lineage trail), in large transactions with prepared
/// statements. The database is written beside the release under a temporary name and renamed when complete.
/// </summary>
public static class LineageLoader
{
    public const string DatabaseFile = "lineage.db";
    private const int RecordsPerTransaction = 50_000;

    public static LineageLoadResult Load(string releaseDirectory)
    {
        var clock = Stopwatch.StartNew();
        var manifestPath = Path.Combine(releaseDirectory, PipelineRunner.ManifestFile);
        if (!File.Exists(manifestPath)) throw new InvalidDataException($"{releaseDirectory}: no manifest.json; the release is incomplete");
        var manifestBytes = File.ReadAllBytes(manifestPath);
        var manifest = JsonSerializer.Deserialize<ReleaseManifest>(manifestBytes, ReleaseManifest.JsonOptions)!;

        var final = Path.Combine(releaseDirectory, DatabaseFile);
        var temp = Path.Combine(releaseDirectory, $".{DatabaseFile}.tmp-{Environment.ProcessId}");
        File.Delete(temp);
        long records = 0, events = 0;
        using (var connection = LineageStore.OpenConnection(temp, create: true))
        {
            LineageSchema.Migrate(connection);
            using (var pragma = connection.CreateCommand())
            {
                // A fresh file that is renamed into place only when complete: no journal needed.
                // A 64 MB page cache keeps the growing B-trees' upper levels in memory; index builds sort in memory.
                pragma.CommandText = "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;";
                pragma.ExecuteNonQuery();
            }
            WriteRun(connection, manifest, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(manifestBytes)));
            foreach (var drop in LineageSchema.DropIndexes()) LineageSchema.Execute(connection, null, drop);
            (records, events) = WriteRecords(connection, manifest.RunId, Path.Combine(releaseDirectory, manifest.DispositionsFile.File));
            foreach (var index in LineageSchema.Indexes) LineageSchema.Execute(connection, null, index);
        }
        SqliteConnection.ClearAllPools();
        File.Move(temp, final, overwrite: true);
        return new LineageLoadResult(final, records, events, clock.Elapsed);
    }

    private static void WriteRun(SqliteConnection connection, ReleaseManifest manifest, string manifestSha256)
    {
        using var transaction = connection.BeginTransaction();
        using (var run = connection.CreateCommand())
        {
            run.Transaction = transaction;
            run.CommandText = "INSERT INTO runs VALUES ($run, $created, $pipeline, $config, $code, $detector, $threshold, $manifest)";
            run.Parameters.AddWithValue("$run", manifest.RunId);
            run.Parameters.AddWithValue("$created", manifest.CreatedAt.ToString("O"));
            run.Parameters.AddWithValue("$pipeline", manifest.Pipeline.Name);
            run.Parameters.AddWithValue("$config", manifest.Pipeline.ConfigSha256);
            run.Parameters.AddWithValue("$code", manifest.CodeVersion);
            run.Parameters.AddWithValue("$detector", manifest.Detector is { } d ? $"{d.Name}@{d.Version} {d.ModelDigest}" : DBNull.Value);
            run.Parameters.AddWithValue("$threshold", manifest.Policy.SyntheticThreshold);
            run.Parameters.AddWithValue("$manifest", manifestSha256);
            run.ExecuteNonQuery();
        }
        foreach (var source in manifest.Inputs.Select(i => i.Source).Distinct())
            Insert(connection, transaction, "INSERT INTO sources VALUES ($1, $2)", manifest.RunId, source);
        for (var i = 0; i < manifest.Inputs.Count; i++)
        {
            var input = manifest.Inputs[i];
            Insert(connection, transaction, "INSERT INTO input_files VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                manifest.RunId, i, input.Source, input.Path, input.Format, input.Sha256, input.Bytes, input.Records);
        }
        transaction.Commit();
    }

    private static (long Records, long Events) WriteRecords(SqliteConnection connection, string runId, string dispositionsPath)
    {
        long records = 0, events = 0;
        var transaction = connection.BeginTransaction();
        // records has 15 columns, events 4: batches stay under SQLite's 999-parameter limit of older builds.
        using var record = new BatchedInsert(connection, "records", 15, 64);
        using var @event = new BatchedInsert(connection, "events", 4, 200, parent: record);
        using var stage = connection.CreateCommand();
        stage.CommandText = "INSERT INTO stages (stage, version, parameters_hash) VALUES ($stage, $version, $hash) RETURNING stage_id";
        var stageParameters = new[] { "$stage", "$version", "$hash" }.Select(name => stage.Parameters.AddWithValue(name, DBNull.Value)).ToArray();
        var stageIds = new Dictionary<(string, string, string), long>();
        record.Transaction = @event.Transaction = stage.Transaction = transaction;

        using var reader = new StreamReader(new GZipStream(File.OpenRead(dispositionsPath), CompressionMode.Decompress));
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            records++;
            object Text(string name) => root.TryGetProperty(name, out var v) ? v.ToString() : DBNull.Value;
            object Number(string name) => !root.TryGetProperty(name, out var v) ? DBNull.Value : v.TryGetInt64(out var whole) ? whole : v.GetDouble();
            try
            {
                record.Add(records, runId, Text("id"), Text("content_sha256"), Text("source"), Text("origin_file"), Number("origin_line"), Number("origin_offset"),
                    Number("p_machine"), Text("disposition"), Text("reason"), Text("shard"), Number("row"), Text("duplicate_of"), Number("p_synthetic"));
                var seq = 0;
                foreach (var e in root.GetProperty("lineage").EnumerateArray())
                {
                    var key = (e.GetProperty("stage").GetString()!, e.GetProperty("version").GetString()!, e.GetProperty("parameters_hash").GetString()!);
                    if (!stageIds.TryGetValue(key, out var stageId))
                    {
                        (stageParameters[0].Value, stageParameters[1].Value, stageParameters[2].Value) = key;
                        stageIds[key] = stageId = Convert.ToInt64(stage.ExecuteScalar());
                    }
                    @event.Add(records, seq++, stageId, e.GetProperty("decision").GetString()!);
                    events++;
                }
            }
            catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or SqliteException)
            {
                throw new InvalidDataException($"{dispositionsPath}:{lineNumber}: cannot load into the lineage store: {e.Message}", e);
            }
            if (records % RecordsPerTransaction == 0)
            {
                record.Flush();
                @event.Flush();
                transaction.Commit();
                transaction.Dispose();
                transaction = connection.BeginTransaction();
                record.Transaction = @event.Transaction = stage.Transaction = transaction;
            }
        }
        record.Flush();
        @event.Flush();
        transaction.Commit();
        transaction.Dispose();
        return (records, events);
    }

    private static void Insert(SqliteConnection connection, SqliteTransaction transaction, string sql, params object[] values)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (var i = 0; i < values.Length; i++) command.Parameters.AddWithValue($"${i + 1}", values[i]);
        command.ExecuteNonQuery();
    }
}
