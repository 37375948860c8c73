using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Polly;
using Polly.Retry;
using ProvenanceGuard.Pipeline;
using ProvenanceGuard.Provenance;

namespace ProvenanceGuard.Lineage.Postgres;

/// <summary>How the PostgreSQL lineage store is written.</summary>
public sealed record PostgresLineageOptions
{
    public required string ConnectionString { get; init; }
    /// <summary>Records per batch: one transaction, one binary COPY into staging, one insert-if-absent.</summary>
    public int BatchRecords { get; init; } = 50_000;
    public int MaxRetries { get; init; } = 6;
    public int BaseDelayMilliseconds { get; init; } = 200;
    /// <summary>Called after each batch commits, with the batch number; a test uses it to lose an acknowledgement.</summary>
    internal Action<int>? AfterBatchCommitted { get; init; }
}

/// <summary>
/// Loads releases into a PostgreSQL lineage store shared by many workers. Each batch is one transaction that
/// binary-COPYs its rows into transaction-scoped staging tables and inserts those absent by (run_id, record), so a
/// batch retried after a lost acknowledgement, or a whole release loaded twice, never doubles a record. Transient
/// failures (dropped connections, serialization failures, deadlocks, server restarts) are retried with
/// exponential backoff and jitter.
/// </summary>
public sealed class PostgresLineageWriter : ILineageWriter
{
    private const string RecordColumns = "run_id, record, id, content_sha256, source, origin_file, origin_line, origin_offset, p_machine, disposition, reason, shard, \"row\", duplicate_of, p_synthetic";
    private const string EventColumns = "run_id, record, seq, stage, version, parameters_hash, decision";

    private readonly PostgresLineageOptions _options;
    private readonly ResiliencePipeline _retry;

    public PostgresLineageWriter(PostgresLineageOptions options, Random jitter)
    {
        _options = options;
        _retry = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<NpgsqlException>(IsTransient).Handle<TimeoutException>(),
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(options.BaseDelayMilliseconds),
                Randomizer = () => { lock (jitter) return jitter.NextDouble(); },
            })
            .Build();
    }

    /// <summary>Serialization failure, deadlock, too many connections, admin shutdown, cannot connect now, or a broken connection.</summary>
    internal static bool IsTransient(NpgsqlException e) =>
        e is PostgresException p ? p.SqlState is "40001" or "40P01" or "53300" or "57P01" or "57P03" || p.SqlState.StartsWith("08") : e.IsTransient;

    public LineageLoadResult Load(string releaseDirectory)
    {
        var clock = Stopwatch.StartNew();
        var manifestPath = Path.Combine(releaseDirectory, PipelineRunner.ManifestFile);
        if (!File.Exists(manifestPath)) throw new InvalidDataException($"{releaseDirectory}: no manifest.json; the release is incomplete");
        var manifestBytes = File.ReadAllBytes(manifestPath);
        var manifest = JsonSerializer.Deserialize<ReleaseManifest>(manifestBytes, ReleaseManifest.JsonOptions)!;
        var manifestSha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(manifestBytes));

        using var dataSource = NpgsqlDataSource.Create(_options.ConnectionString);
        _retry.Execute(() =>
        {
            using var connection = dataSource.OpenConnection();
            PostgresLineageSchema.Migrate(connection);
            WriteRun(connection, manifest, manifestSha256);
        });

        long records = 0, events = 0;
        var batchNumber = 0;
        void Flush(List<DispositionRow> batch)
        {
            var number = batchNumber++;
            var committed = false;
            _retry.Execute(() =>
            {
                // A retry after the commit went through (the acknowledgement was lost) re-sends nothing; had the
                // commit been lost instead, the batch is sent again and the insert-if-absent makes that safe.
                if (!committed)
                {
                    using var connection = dataSource.OpenConnection();
                    WriteBatch(connection, manifest.RunId, batch);
                }
                committed = true;
                _options.AfterBatchCommitted?.Invoke(number);
            });
            records += batch.Count;
            events += batch.Sum(r => r.Events.Count);
        }

        // The next batch is parsed while the server inserts the current one.
        using var stop = new CancellationTokenSource();
        using var batches = new System.Collections.Concurrent.BlockingCollection<List<DispositionRow>>(boundedCapacity: 1);
        var reader = Task.Run(() =>
        {
            try
            {
                var batch = new List<DispositionRow>();
                foreach (var row in DispositionRows.Read(Path.Combine(releaseDirectory, manifest.DispositionsFile.File)))
                {
                    batch.Add(row);
                    if (batch.Count < _options.BatchRecords) continue;
                    batches.Add(batch, stop.Token);
                    batch = new List<DispositionRow>();
                }
                if (batch.Count > 0) batches.Add(batch, stop.Token);
            }
            finally
            {
                batches.CompleteAdding();
            }
        });
        try
        {
            foreach (var batch in batches.GetConsumingEnumerable()) Flush(batch);
        }
        catch
        {
            stop.Cancel();
            throw;
        }
        finally
        {
            try { reader.GetAwaiter().GetResult(); }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
        }
        var where = new NpgsqlConnectionStringBuilder(_options.ConnectionString) { Password = null };
        return new LineageLoadResult($"postgresql://{where.Host}:{where.Port}/{where.Database}", records, events, clock.Elapsed);
    }

    private static void WriteRun(NpgsqlConnection connection, ReleaseManifest manifest, string manifestSha256)
    {
        using var transaction = connection.BeginTransaction();
        using (var run = new NpgsqlCommand(
                   "INSERT INTO lineage_runs VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (run_id) DO NOTHING", connection, transaction))
        {
            run.Parameters.Add(new NpgsqlParameter { Value = manifest.RunId });
            run.Parameters.Add(new NpgsqlParameter { Value = manifest.CreatedAt.ToUniversalTime() });
            run.Parameters.Add(new NpgsqlParameter { Value = manifest.Pipeline.Name });
            run.Parameters.Add(new NpgsqlParameter { Value = manifest.Pipeline.ConfigSha256 });
            run.Parameters.Add(new NpgsqlParameter { Value = manifest.CodeVersion });
            run.Parameters.Add(new NpgsqlParameter { Value = manifest.Detector is { } d ? $"{d.Name}@{d.Version} {d.ModelDigest}" : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            run.Parameters.Add(new NpgsqlParameter { Value = manifest.Policy.SyntheticThreshold });
            run.Parameters.Add(new NpgsqlParameter { Value = manifestSha256 });
            run.ExecuteNonQuery();
        }
        for (var i = 0; i < manifest.Inputs.Count; i++)
        {
            var input = manifest.Inputs[i];
            using var file = new NpgsqlCommand(
                "INSERT INTO lineage_input_files VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (run_id, file_index) DO NOTHING", connection, transaction);
            foreach (var value in new object[] { manifest.RunId, i, input.Source, input.Path, input.Format, input.Sha256, input.Bytes, input.Records })
                file.Parameters.Add(new NpgsqlParameter { Value = value });
            file.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    private static void WriteBatch(NpgsqlConnection connection, string runId, List<DispositionRow> rows)
    {
        using var transaction = connection.BeginTransaction();
        PostgresLineageSchema.Execute(connection, transaction,
            "CREATE TEMP TABLE staged_records (LIKE lineage_records) ON COMMIT DROP; CREATE TEMP TABLE staged_events (LIKE lineage_events) ON COMMIT DROP");
        using (var copy = connection.BeginBinaryImport($"COPY staged_records ({RecordColumns}) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var r in rows)
            {
                copy.StartRow();
                copy.Write(runId, NpgsqlDbType.Text);
                copy.Write(r.Record, NpgsqlDbType.Bigint);
                copy.Write(r.Id, NpgsqlDbType.Text);
                copy.Write(r.ContentSha256, NpgsqlDbType.Text);
                copy.Write(r.Source, NpgsqlDbType.Text);
                copy.Write(r.OriginFile, NpgsqlDbType.Text);
                Nullable(copy, r.OriginLine, NpgsqlDbType.Bigint);
                Nullable(copy, r.OriginOffset, NpgsqlDbType.Bigint);
                Nullable(copy, r.PMachine, NpgsqlDbType.Double);
                copy.Write(r.Disposition, NpgsqlDbType.Text);
                Text(copy, r.Reason);
                Text(copy, r.Shard);
                Nullable(copy, r.Row, NpgsqlDbType.Bigint);
                Text(copy, r.DuplicateOf);
                Nullable(copy, r.PSynthetic, NpgsqlDbType.Double);
            }
            copy.Complete();
        }
        using (var copy = connection.BeginBinaryImport($"COPY staged_events ({EventColumns}) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var r in rows)
            {
                for (var seq = 0; seq < r.Events.Count; seq++)
                {
                    var e = r.Events[seq];
                    copy.StartRow();
                    copy.Write(runId, NpgsqlDbType.Text);
                    copy.Write(r.Record, NpgsqlDbType.Bigint);
                    copy.Write(seq, NpgsqlDbType.Integer);
                    copy.Write(e.Stage, NpgsqlDbType.Text);
                    copy.Write(e.Version, NpgsqlDbType.Text);
                    copy.Write(e.ParametersHash, NpgsqlDbType.Text);
                    copy.Write(e.Decision, NpgsqlDbType.Text);
                }
            }
            copy.Complete();
        }
        PostgresLineageSchema.Execute(connection, transaction,
            $"INSERT INTO lineage_records ({RecordColumns}) SELECT {RecordColumns} FROM staged_records ON CONFLICT (run_id, record) DO NOTHING");
        PostgresLineageSchema.Execute(connection, transaction,
            $"INSERT INTO lineage_events ({EventColumns}) SELECT {EventColumns} FROM staged_events ON CONFLICT (run_id, record, seq) DO NOTHING");
        transaction.Commit();
    }

    private static void Nullable<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type) where T : struct
    {
        if (value is { } v) copy.Write(v, type);
        else copy.WriteNull();
    }

    private static void Text(NpgsqlBinaryImporter copy, string? value)
    {
        if (value is null) copy.WriteNull();
        else copy.Write(value, NpgsqlDbType.Text);
    }
}
