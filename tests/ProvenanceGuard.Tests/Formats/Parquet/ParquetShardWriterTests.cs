using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using ProvenanceGuard.Formats.Parquet;
using ProvenanceGuard.Formats.Parquet.Shards;
using Xunit;

namespace ProvenanceGuard.Tests.Formats.Parquet;

/// <summary>Parquet shards: atomic completion, truthful ShardInfo, deterministic bytes, and the documented columns.</summary>
public sealed class ParquetShardWriterTests
{
    private static ShardInfoAndPath WriteShard(string directory, int records, ParquetShardOptions? options = null)
    {
        var format = new ParquetShardFormat(options);
        using var writer = format.Create(directory, "shard-00000" + format.Extension);
        for (var i = 0; i < records; i++) writer.Write(ShardRecords.Make(i));
        var info = writer.Complete();
        return new ShardInfoAndPath(info, Path.Combine(directory, info.File));
    }

    private sealed record ShardInfoAndPath(ProvenanceGuard.Curation.Shards.ShardInfo Info, string Path);

    [Fact]
    public void Complete_reports_the_file_digest_size_and_row_count()
    {
        using var dir = new TempDirectory();
        var (info, path) = WriteShard(dir.Path, 1_234);
        Assert.Equal("shard-00000.parquet", info.File);
        Assert.Equal(1_234, info.Rows);
        Assert.Equal(new FileInfo(path).Length, info.Bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), info.Sha256);
        Assert.Equal(["shard-00000.parquet"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Nothing_appears_under_the_final_name_until_complete_and_an_abandoned_shard_leaves_nothing()
    {
        using var dir = new TempDirectory();
        var format = new ParquetShardFormat();
        using (var writer = format.Create(dir.Path, "shard-00001.parquet"))
        {
            for (var i = 0; i < 100; i++) writer.Write(ShardRecords.Make(i));
            Assert.False(File.Exists(dir.File("shard-00001.parquet")));
        }
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void The_same_records_give_byte_identical_shards()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        var first = WriteShard(a.Path, 3_000, new ParquetShardOptions { RowGroupRows = 1_000 });
        var second = WriteShard(b.Path, 3_000, new ParquetShardOptions { RowGroupRows = 1_000 });
        Assert.Equal(first.Info.Sha256, second.Info.Sha256);
        Assert.Equal(File.ReadAllBytes(first.Path), File.ReadAllBytes(second.Path));
    }

    [Fact]
    public void A_shard_reads_back_with_every_documented_column()
    {
        using var dir = new TempDirectory();
        var (_, path) = WriteShard(dir.Path, 500, new ParquetShardOptions
        {
            RowGroupRows = 200,
            KeyValueMetadata = [new("provenanceguard.manifest_digest", "sha256:feed")],
        });
        using var reader = ParquetFileReader.Open(path);
        Assert.Equal(ShardColumns.All.Select(c => c.Name), reader.Schema.Fields.Select(f => f.Name));
        Assert.Equal("2", reader.KeyValueMetadata[ShardColumns.SchemaVersionKey]);
        Assert.Equal("sha256:feed", reader.KeyValueMetadata["provenanceguard.manifest_digest"]);
        Assert.Equal(ParquetCompression.Zstd, reader.GetCompression(0, 1));
        var i = 0;
        foreach (var row in reader.ReadRows())
        {
            var r = ShardRecords.Make(i);
            Assert.Equal(r.Id, row[0]);
            Assert.Equal(r.Text, row[1]);
            Assert.Equal(r.Source, row[2]);
            Assert.Equal(r.ContentSha256, row[3]);
            Assert.Equal(r.Attributes.PMachine, (double?)row[4]);
            Assert.Equal(r.Attributes.LogLikelihoodRatio, (double?)row[5]);
            Assert.Equal(r.Attributes.Detector, row[6]);
            Assert.Equal(r.Attributes.TooShortToJudge, row[7]);
            Assert.Equal(r.Origin.File, row[8]);
            Assert.Equal(r.Origin.Line, row[9]);
            Assert.Equal(r.MetadataJson, row[10]);
            var lineage = JsonDocument.Parse((string)row[11]!).RootElement.EnumerateArray().ToList();
            Assert.Equal(r.Lineage.Count, lineage.Count);
            Assert.Equal(r.Lineage[1].Decision, lineage[1].GetProperty("decision").GetString());
            Assert.Equal(r.Lineage[1].ParametersHash, lineage[1].GetProperty("parameters_hash").GetString());
            Assert.Equal((long)i, row[12]);
            Assert.Equal(r.Attributes.PSynthetic, (double?)row[13]);
            i++;
        }
        Assert.Equal(500, i);
    }

    [Fact]
    public void The_documented_schema_matches_the_written_columns()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(DuckDbOracle.RepositoryRoot, "schemas", "shard.schema.json")));
        var properties = doc.RootElement.GetProperty("properties").EnumerateObject().ToList();
        Assert.Equal(ShardColumns.All.Select(c => c.Name), properties.Select(p => p.Name));
        foreach (var (column, property) in ShardColumns.All.Zip(properties))
        {
            var parquet = property.Value.GetProperty("x-parquet");
            Assert.Equal(column.Required ? "REQUIRED" : "OPTIONAL", parquet.GetProperty("repetition").GetString());
            var physical = parquet.GetProperty("physical").GetString()!.Replace("_", "");
            Assert.Equal(column.Type.ToString(), physical, ignoreCase: true);
        }
    }

    [OracleFact]
    public void DuckDB_reads_a_shard_and_its_lineage_json()
    {
        using var dir = new TempDirectory();
        var (_, path) = WriteShard(dir.Path, 300);
        var dump = dir.File("dump.jsonl");
        DuckDbOracle.Run([new($"""
            SELECT id, text, p_machine, too_short, origin_line::VARCHAR AS origin_line, shard_row::VARCHAR AS shard_row,
                   json_extract_string(lineage_json, '$[1].decision') AS decision, json_array_length(lineage_json)::INTEGER AS events
            FROM read_parquet({DuckDbOracle.Quote(path)})
            """, dump)], dir.Path);
        var rows = DuckDbOracle.ReadRows(dump);
        Assert.Equal(300, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var r = ShardRecords.Make(i);
            Assert.Equal(r.Id, rows[i].GetProperty("id").GetString());
            Assert.Equal(r.Text, rows[i].GetProperty("text").GetString());
            var p = rows[i].GetProperty("p_machine");
            Assert.Equal(r.Attributes.PMachine, p.ValueKind == JsonValueKind.Null ? null : p.GetDouble());
            Assert.Equal(r.Attributes.TooShortToJudge, rows[i].GetProperty("too_short").GetBoolean());
            Assert.Equal(r.Origin.Line.ToString(CultureInfo.InvariantCulture), rows[i].GetProperty("origin_line").GetString());
            Assert.Equal(i.ToString(CultureInfo.InvariantCulture), rows[i].GetProperty("shard_row").GetString());
            Assert.Equal(r.Lineage[1].Decision, rows[i].GetProperty("decision").GetString());
            Assert.Equal(2, rows[i].GetProperty("events").GetInt32());
        }
    }
}
