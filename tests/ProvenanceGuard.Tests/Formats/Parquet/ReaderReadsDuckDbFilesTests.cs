using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ProvenanceGuard.Formats.Parquet;
using Xunit;

namespace ProvenanceGuard.Tests.Formats.Parquet;

/// <summary>
/// Files DuckDB writes (every codec it shares with us, dictionary on and off, format v1 and v2 pages, nulls, empty
/// strings, non-ASCII and multi-MB text, a VARCHAR[] column, dates, timestamps, decimals) read back by our reader with
/// the values DuckDB itself reads from them.
/// </summary>
public sealed class ReaderReadsDuckDbFilesTests : IClassFixture<ReaderReadsDuckDbFilesTests.DuckDbFiles>
{
    private const int Rows = 12_000;

    private static readonly string SourceTable = $"""
        CREATE TABLE src AS SELECT
          i AS id,
          CASE WHEN i % 7 = 0 THEN NULL WHEN i % 11 = 0 THEN '' WHEN i = 4321 THEN repeat('zß€😀', 700000)
               ELSE 'row ' || i || ' héllo ' || repeat('ü', i % 4) END AS text,
          'cat' || (i % 10) AS category,
          (i % 5)::INTEGER AS small,
          CASE WHEN i % 3 = 0 THEN NULL ELSE i / 7.0 END AS score,
          (i / 3.0)::FLOAT AS ratio,
          CASE WHEN i % 5 = 0 THEN NULL ELSE i % 2 = 0 END AS flag,
          DATE '1999-12-25' + (i % 1000)::INTEGER AS day,
          TIMESTAMP '2020-02-29 12:00:00' + to_microseconds(i * 1234567) AS ts,
          (i / 100.0 - 50)::DECIMAL(9,2) AS amount4,
          (i / 1000.0)::DECIMAL(18,3) AS amount8,
          (i * 1.5)::DECIMAL(30,4) AS amount16,
          CASE WHEN i % 13 = 0 THEN NULL WHEN i % 17 = 0 THEN []::VARCHAR[]
               ELSE ['t' || (i % 4), NULL, 'ö' || i] END AS tags
        FROM range(0, {Rows}) t(i)
        """;

    private static readonly string[] Codecs = ["uncompressed", "snappy", "gzip", "zstd", "brotli"];

    /// <summary>Writes the DuckDB files and DuckDB's own reading of the source once for the class.</summary>
    public sealed class DuckDbFiles : IDisposable
    {
        public TempDirectory Dir { get; } = new();
        public List<(string Name, string Path)> Files { get; } = new();
        public string Expected => Dir.File("expected.jsonl");
        public string Lz4File => Dir.File("lz4.parquet");

        public DuckDbFiles()
        {
            if (!DuckDbOracle.IsAvailable) return;
            var jobs = new List<DuckDbOracle.Job> { new(SourceTable) };
            foreach (var codec in Codecs)
                foreach (var version in new[] { "V1", "V2" })
                    foreach (var dictionary in new[] { true, false })
                    {
                        var name = $"{codec}-{version}-{(dictionary ? "dict" : "plain")}";
                        var path = Dir.File(name + ".parquet");
                        Files.Add((name, path));
                        var dict = dictionary ? "" : ", DICTIONARY_SIZE_LIMIT 0";
                        jobs.Add(new($"COPY (SELECT * FROM src ORDER BY id) TO {DuckDbOracle.Quote(path)} (FORMAT parquet, COMPRESSION {codec}, PARQUET_VERSION {version}, ROW_GROUP_SIZE 5000{dict})"));
                    }
            jobs.Add(new($"COPY (SELECT id, text FROM src ORDER BY id) TO {DuckDbOracle.Quote(Lz4File)} (FORMAT parquet, COMPRESSION lz4_raw)"));
            jobs.Add(new($"""
                SELECT id::VARCHAR AS id,
                       CASE WHEN length(text) > 10000 THEN 'md5:' || md5(text) ELSE text END AS text,
                       category, small, score, ratio::DOUBLE AS ratio, flag, day::VARCHAR AS day,
                       strftime(ts, '%Y-%m-%d %H:%M:%S.%f') AS ts,
                       amount4::VARCHAR AS amount4, amount8::VARCHAR AS amount8, amount16::VARCHAR AS amount16, tags
                FROM src ORDER BY src.id
                """, Expected));
            DuckDbOracle.Run(jobs, Dir.Path);
        }

        public void Dispose() => Dir.Dispose();
    }

    private readonly DuckDbFiles _files;

    public ReaderReadsDuckDbFilesTests(DuckDbFiles files) => _files = files;

    [OracleFact]
    public void Every_codec_dictionary_and_page_version_reads_back_identical_values()
    {
        var expected = DuckDbOracle.ReadRows(_files.Expected);
        Assert.Equal(Rows, expected.Count);
        Assert.Equal(Codecs.Length * 4, _files.Files.Count);
        foreach (var (name, path) in _files.Files)
        {
            using var reader = ParquetFileReader.Open(path);
            Assert.Equal(Rows, reader.RowCount);
            Assert.True(reader.RowGroupCount >= 2, $"{name}: expected several row groups");
            var fields = new[] { "id", "text", "category", "small", "score", "ratio", "flag", "day", "ts", "amount4", "amount8", "amount16", "tags" };
            var i = 0;
            foreach (var row in reader.ReadRows(fields))
            {
                var e = expected[i];
                var where = $"{name} row {i}";
                Assert.Equal(e.GetProperty("id").GetString(), ((long)row[0]!).ToString(CultureInfo.InvariantCulture));
                Assert.True(Equals(ExpectedString(e, "text"), TextDigest((string?)row[1])), where + " text");
                Assert.True(ExpectedString(e, "category") == (string?)row[2], where + " category");
                Assert.True(e.GetProperty("small").GetInt32() == (int)row[3]!, where + " small");
                Assert.True(Equals(ExpectedDouble(e, "score"), (double?)row[4]), where + " score");
                Assert.True(e.GetProperty("ratio").GetDouble() == (float)row[5]!, where + " ratio");
                Assert.True(Equals(ExpectedBool(e, "flag"), (bool?)row[6]), where + " flag");
                Assert.True(e.GetProperty("day").GetString() == ((DateOnly)row[7]!).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), where + " day");
                Assert.True(e.GetProperty("ts").GetString() == ((DateTime)row[8]!).ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture), where + " ts");
                Assert.True(decimal.Parse(e.GetProperty("amount4").GetString()!, CultureInfo.InvariantCulture) == (decimal)row[9]!, where + " amount4");
                Assert.True(decimal.Parse(e.GetProperty("amount8").GetString()!, CultureInfo.InvariantCulture) == (decimal)row[10]!, where + " amount8");
                Assert.True(decimal.Parse(e.GetProperty("amount16").GetString()!, CultureInfo.InvariantCulture) == (decimal)row[11]!, where + " amount16");
                AssertTags(e.GetProperty("tags"), (object?[]?)row[12], where);
                i++;
            }
            Assert.Equal(Rows, i);
        }
    }

    [OracleFact]
    public void Version_2_files_exercise_the_delta_and_byte_stream_split_encodings()
    {
        var (_, path) = _files.Files.Single(f => f.Name == "zstd-V2-plain");
        using var reader = ParquetFileReader.Open(path);
        var seen = Enumerable.Range(0, reader.Schema.Columns.Count).SelectMany(c => reader.GetEncodings(0, c)).ToHashSet();
        Assert.Contains(ParquetEncoding.DeltaBinaryPacked, seen);
        Assert.Contains(ParquetEncoding.DeltaLengthByteArray, seen);
        Assert.Contains(ParquetEncoding.ByteStreamSplit, seen);
    }

    [OracleFact]
    public void A_column_projection_reads_only_the_fields_asked_for()
    {
        var (_, path) = _files.Files.Single(f => f.Name == "snappy-V1-dict");
        using var reader = ParquetFileReader.Open(path);
        var rows = reader.ReadRows("category", "id").Take(3).ToList();
        Assert.Equal(["cat0", 0L], rows[0]);
        Assert.Equal(["cat2", 2L], rows[2]);
    }

    [OracleFact]
    public void An_unsupported_codec_is_a_clear_error_naming_codec_and_column()
    {
        using var reader = ParquetFileReader.Open(_files.Lz4File);
        var error = Assert.Throws<ParquetFormatException>(() => reader.ReadRows("text").ToList());
        Assert.Contains("codec Lz4Raw not supported", error.Message);
        Assert.Contains("'text'", error.Message);
    }

    private static string? ExpectedString(JsonElement e, string name) =>
        e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetString();

    private static double? ExpectedDouble(JsonElement e, string name) =>
        e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetDouble();

    private static bool? ExpectedBool(JsonElement e, string name) =>
        e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetBoolean();

    private static string? TextDigest(string? text) =>
        text is { Length: > 10000 } ? "md5:" + Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text))) : text;

    private static void AssertTags(JsonElement expected, object?[]? actual, string where)
    {
        if (expected.ValueKind == JsonValueKind.Null)
        {
            Assert.True(actual is null, where + " tags should be null");
            return;
        }
        Assert.True(actual is not null, where + " tags should not be null");
        var items = expected.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.Null ? null : x.GetString()).ToArray();
        Assert.True(items.SequenceEqual(actual!.Cast<string?>()), $"{where} tags: expected [{string.Join(",", items)}], got [{string.Join(",", actual!)}]");
    }
}
