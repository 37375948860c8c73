using System.Globalization;
using System.Text.Json;
using ProvenanceGuard.Formats.Parquet;
using Xunit;

namespace ProvenanceGuard.Tests.Formats.Parquet;

/// <summary>
/// Every compression x encoding x page version our writer produces is read by DuckDB with identical values, and
/// DuckDB decodes our statistics to the true min, max and null count.
/// </summary>
public sealed class DuckDbReadsOurFilesTests : IClassFixture<DuckDbReadsOurFilesTests.OurFiles>
{
    private const int Rows = 5_000;

    public static readonly ParquetCompression[] Codecs =
        [ParquetCompression.Uncompressed, ParquetCompression.Snappy, ParquetCompression.Gzip, ParquetCompression.Zstd, ParquetCompression.Brotli];

    /// <summary>Writes all variants and has DuckDB dump each of them in one node run.</summary>
    public sealed class OurFiles : IDisposable
    {
        public TempDirectory Dir { get; } = new();
        public List<(string Name, string Path, string Dump)> Files { get; } = new();
        public string Statistics => Dir.File("stats.jsonl");

        public OurFiles()
        {
            if (!DuckDbOracle.IsAvailable) return;
            var jobs = new List<DuckDbOracle.Job>();
            foreach (var codec in Codecs)
                foreach (var dictionary in new[] { true, false })
                    foreach (var version in new[] { 1, 2 })
                    {
                        var name = $"{codec}-{(dictionary ? "dict" : "plain")}-v{version}";
                        var path = Dir.File(name + ".parquet");
                        var options = new ParquetWriterOptions
                        {
                            Compression = codec,
                            Dictionary = dictionary,
                            DataPageVersion = version,
                            RowGroupRows = 2_000,
                            PageBytes = 16 << 10,
                        };
                        SampleRows.Write(path, Rows, options);
                        var dump = Dir.File(name + ".jsonl");
                        Files.Add((name, path, dump));
                        jobs.Add(new($"""
                            SELECT id::VARCHAR AS id,
                                   CASE WHEN length(text) > 10000 THEN 'md5:' || md5(text) ELSE text END AS text,
                                   category, small, score, signbit(score) AS score_negative, ratio::DOUBLE AS ratio, flag, day::VARCHAR AS day,
                                   strftime(ts, '%Y-%m-%d %H:%M:%S.%f') AS ts
                            FROM read_parquet({DuckDbOracle.Quote(path)})
                            """, dump));
                    }
            var statsFile = Files.Single(f => f.Name == "Zstd-dict-v1").Path;
            jobs.Add(new($"""
                SELECT row_group_id, path_in_schema, stats_min_value, stats_max_value, stats_null_count, num_values
                FROM parquet_metadata({DuckDbOracle.Quote(statsFile)}) ORDER BY row_group_id, column_id
                """, Statistics));
            DuckDbOracle.Run(jobs, Dir.Path);
        }

        public void Dispose() => Dir.Dispose();
    }

    private readonly OurFiles _files;

    public DuckDbReadsOurFilesTests(OurFiles files) => _files = files;

    [OracleFact]
    public void DuckDB_reads_every_variant_with_identical_values()
    {
        Assert.Equal(20, _files.Files.Count);
        foreach (var (name, _, dump) in _files.Files)
        {
            var rows = DuckDbOracle.ReadRows(dump);
            Assert.True(rows.Count == Rows, $"{name}: DuckDB read {rows.Count} rows");
            for (var i = 0; i < Rows; i++)
            {
                var expected = SampleRows.Row(i);
                var e = rows[i];
                var where = $"{name} row {i}";
                Assert.True(e.GetProperty("id").GetString() == ((long)expected[0]!).ToString(CultureInfo.InvariantCulture), where + " id");
                Assert.True(Str(e, "text") == SampleRows.TextDigest((string?)expected[1]), where + " text");
                Assert.True(Str(e, "category") == (string)expected[2]!, where + " category");
                Assert.True(Nullable(e, "small", x => x.GetInt32()) == (int?)expected[3], where + " small");
                var score = Nullable(e, "score", x => x.GetDouble());
                Assert.True(Equals(score, (double?)expected[4]), where + " score");
                // JSON drops the sign of zero, so DuckDB reports the sign bit itself.
                Assert.True(Nullable(e, "score_negative", x => x.GetBoolean()) == ((double?)expected[4] is { } s ? double.IsNegative(s) : null), where + " score sign");
                Assert.True(e.GetProperty("ratio").GetDouble() == (float)expected[5]!, where + " ratio");
                Assert.True(Nullable(e, "flag", x => x.GetBoolean()) == (bool?)expected[6], where + " flag");
                Assert.True(Str(e, "day") == ((DateOnly?)expected[7])?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), where + " day");
                Assert.True(Str(e, "ts") == ((DateTime?)expected[8])?.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture), where + " ts");
            }
        }
    }

    [OracleFact]
    public void DuckDB_decodes_our_statistics_to_the_true_min_max_and_null_count()
    {
        var stats = DuckDbOracle.ReadRows(_files.Statistics);
        Assert.NotEmpty(stats);
        foreach (var group in stats.GroupBy(s => s.GetProperty("row_group_id").GetString()))
        {
            var first = int.Parse(group.Key!, CultureInfo.InvariantCulture) * 2_000;
            var rows = Enumerable.Range(first, Math.Min(2_000, Rows - first)).Select(SampleRows.Row).ToList();
            var id = group.Single(s => s.GetProperty("path_in_schema").GetString() == "id");
            Assert.Equal(rows.Min(r => (long)r[0]!).ToString(CultureInfo.InvariantCulture), id.GetProperty("stats_min_value").GetString());
            Assert.Equal(rows.Max(r => (long)r[0]!).ToString(CultureInfo.InvariantCulture), id.GetProperty("stats_max_value").GetString());
            Assert.Equal("0", id.GetProperty("stats_null_count").GetString());
            var category = group.Single(s => s.GetProperty("path_in_schema").GetString() == "category");
            Assert.Equal("cat0", category.GetProperty("stats_min_value").GetString());
            Assert.Equal("cat9", category.GetProperty("stats_max_value").GetString());
            var small = group.Single(s => s.GetProperty("path_in_schema").GetString() == "small");
            Assert.Equal(rows.Count(r => r[3] is null).ToString(CultureInfo.InvariantCulture), small.GetProperty("stats_null_count").GetString());
            Assert.Equal(rows.Where(r => r[3] is not null).Min(r => (int)r[3]!).ToString(CultureInfo.InvariantCulture), small.GetProperty("stats_min_value").GetString());
        }
    }

    private static string? Str(JsonElement e, string name) =>
        e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetString();

    private static T? Nullable<T>(JsonElement e, string name, Func<JsonElement, T> get) where T : struct =>
        e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : get(e.GetProperty(name));
}
