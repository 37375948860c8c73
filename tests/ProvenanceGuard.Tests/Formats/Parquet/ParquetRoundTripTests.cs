using System.Buffers.Binary;
using System.Text;
using ProvenanceGuard.Formats.Parquet;
using Xunit;

namespace ProvenanceGuard.Tests.Formats.Parquet;

/// <summary>What the writer promises, checked through our own reader (DuckDB checks the same files independently).</summary>
public sealed class ParquetRoundTripTests
{
    private static byte[] Write(int rows, ParquetWriterOptions options)
    {
        using var ms = new MemoryStream();
        using (var writer = new ParquetFileWriter(ms, SampleRows.Columns, options, leaveOpen: true))
        {
            for (var i = 0; i < rows; i++) writer.WriteRow(SampleRows.Row(i));
            writer.Finish();
        }
        return ms.ToArray();
    }

    private static ParquetFileReader Open(byte[] bytes) => new(new MemoryStream(bytes), "memory.parquet");

    [Theory]
    [InlineData(ParquetCompression.Uncompressed, true, 1)]
    [InlineData(ParquetCompression.Snappy, false, 2)]
    [InlineData(ParquetCompression.Gzip, true, 2)]
    [InlineData(ParquetCompression.Zstd, false, 1)]
    [InlineData(ParquetCompression.Brotli, true, 1)]
    public void Rows_read_back_identically(ParquetCompression codec, bool dictionary, int pageVersion)
    {
        var bytes = Write(1_000, new ParquetWriterOptions { Compression = codec, Dictionary = dictionary, DataPageVersion = pageVersion, RowGroupRows = 300, PageBytes = 4_096 });
        using var reader = Open(bytes);
        Assert.Equal(1_000, reader.RowCount);
        Assert.Equal(4, reader.RowGroupCount);
        Assert.Equal(codec, reader.GetCompression(0, 0));
        var i = 0;
        foreach (var row in reader.ReadRows())
        {
            var expected = SampleRows.Row(i);
            Assert.Equal(expected, row);
            if (expected[4] is double d) Assert.Equal(double.IsNegative(d), double.IsNegative((double)row[4]!));
            i++;
        }
        Assert.Equal(1_000, i);
    }

    [Fact]
    public void Dictionary_encoding_is_chosen_for_low_cardinality_and_abandoned_past_its_limit()
    {
        var bytes = Write(2_000, new ParquetWriterOptions { DictionaryPageLimitBytes = 4_096 });
        using var reader = Open(bytes);
        var category = reader.Schema.GetField("category").Leaf.Index;
        var text = reader.Schema.GetField("text").Leaf.Index;
        Assert.Contains(ParquetEncoding.RleDictionary, reader.GetEncodings(0, category));
        Assert.DoesNotContain(ParquetEncoding.RleDictionary, reader.GetEncodings(0, text));
        Assert.Equal(Write(2_000, new ParquetWriterOptions { DictionaryPageLimitBytes = 4_096 }), bytes);
    }

    [Fact]
    public void Row_groups_close_at_the_row_limit_or_the_byte_limit()
    {
        using (var byRows = Open(Write(2_500, new ParquetWriterOptions { RowGroupRows = 1_000 })))
            Assert.Equal([1_000L, 1_000L, 500L], Enumerable.Range(0, byRows.RowGroupCount).Select(byRows.GetRowGroupRowCount));
        using var byBytes = Open(Write(2_500, new ParquetWriterOptions { RowGroupBytes = 50_000 }));
        Assert.True(byBytes.RowGroupCount > 3, $"expected the byte limit to split the file, got {byBytes.RowGroupCount} row groups");
        Assert.Equal(2_500, Enumerable.Range(0, byBytes.RowGroupCount).Sum(g => byBytes.GetRowGroupRowCount(g)));
    }

    [Fact]
    public void Statistics_hold_min_max_and_null_count_and_skip_over_long_values()
    {
        using var reader = Open(Write(900, new ParquetWriterOptions { RowGroupRows = 10_000 }));
        var rows = Enumerable.Range(0, 900).Select(SampleRows.Row).ToList();
        var id = reader.GetStatistics(0, 0)!.Value;
        Assert.Equal(0, id.NullCount);
        Assert.Equal(rows.Min(r => (long)r[0]!), BinaryPrimitives.ReadInt64LittleEndian(id.Min));
        Assert.Equal(rows.Max(r => (long)r[0]!), BinaryPrimitives.ReadInt64LittleEndian(id.Max));
        var score = reader.GetStatistics(0, 4)!.Value;
        Assert.Equal(rows.Count(r => r[4] is null), score.NullCount);
        Assert.Equal(rows.Where(r => r[4] is not null).Max(r => (double)r[4]!), BinaryPrimitives.ReadDoubleLittleEndian(score.Max));
        var category = reader.GetStatistics(0, 2)!.Value;
        Assert.Equal("cat0", Encoding.UTF8.GetString(category.Min!));
        Assert.Equal("cat9", Encoding.UTF8.GetString(category.Max!));
        var text = reader.GetStatistics(0, 1)!.Value; // holds the multi-MB value: bounds omitted, nulls counted
        Assert.Null(text.Min);
        Assert.Null(text.Max);
        Assert.Equal(rows.Count(r => r[1] is null), text.NullCount);
    }

    [Fact]
    public void Footer_carries_key_value_metadata_and_a_fixed_created_by()
    {
        using var reader = Open(Write(10, new ParquetWriterOptions { KeyValueMetadata = [new("schema_version", "7"), new("manifest", "sha256:abc")] }));
        Assert.Equal("7", reader.KeyValueMetadata["schema_version"]);
        Assert.Equal("sha256:abc", reader.KeyValueMetadata["manifest"]);
        Assert.Equal("ProvenanceGuard parquet-writer version 0.1.0", reader.CreatedBy);
    }

    [Fact]
    public void Null_in_a_required_column_and_an_incomplete_row_are_refused()
    {
        using var writer = new ParquetFileWriter(new MemoryStream(), [ParquetColumnSpec.String("text", required: true), ParquetColumnSpec.Int64("n")]);
        Assert.Throws<InvalidOperationException>(() => writer.WriteNull(0));
        writer.WriteString(0, "only text");
        var error = Assert.Throws<InvalidOperationException>(() => writer.EndRow());
        Assert.Contains("'n'", error.Message);
    }

    [Fact]
    public void A_projection_never_touches_the_other_columns_bytes()
    {
        var bytes = Write(600, new ParquetWriterOptions { RowGroupRows = 200 });
        using (var probe = Open(bytes))
        {
            // Wreck every byte of every non-projected column chunk.
            foreach (var column in probe.Schema.Columns.Where(c => c.DottedPath is not ("id" or "category")))
                for (var g = 0; g < probe.RowGroupCount; g++)
                {
                    var (start, length) = probe.GetColumnChunkRange(g, column);
                    bytes.AsSpan((int)start, length).Fill(0xEE);
                }
        }
        using var reader = Open(bytes);
        var rows = reader.ReadRows("id", "category").ToList();
        Assert.Equal(Enumerable.Range(0, 600).Select(i => new object?[] { SampleRows.Row(i)[0], SampleRows.Row(i)[2] }), rows);
        Assert.Throws<ParquetFormatException>(() => reader.ReadRows("text").ToList());
    }

    [Fact]
    public void Recycling_a_chunk_gives_the_same_values_as_a_fresh_read()
    {
        var bytes = Write(1_000, new ParquetWriterOptions { RowGroupRows = 150, Dictionary = false });
        using var fresh = Open(bytes);
        using var recycling = Open(bytes);
        var text = fresh.Schema.GetField("text").Leaf;
        ParquetColumnChunk? previous = null;
        for (var g = 0; g < fresh.RowGroupCount; g++)
        {
            var expected = fresh.ReadColumn(g, text);
            previous = recycling.ReadColumn(g, text, recycle: previous);
            Assert.Equal(expected.ValueCount, previous.ValueCount);
            for (var v = 0; v < expected.ValueCount; v++) Assert.Equal(expected.GetString(v), previous.GetString(v));
        }
    }

    [Fact]
    public void Scanning_a_column_in_parallel_yields_every_row_group_in_order()
    {
        var bytes = Write(1_000, new ParquetWriterOptions { RowGroupRows = 70 });
        using var reader = Open(bytes);
        var text = reader.Schema.GetField("text").Leaf;
        var scanned = new List<string?>();
        foreach (var chunk in reader.ScanColumn(text, parallelism: 3))
        {
            var v = 0;
            for (var slot = 0; slot < chunk.LevelCount; slot++) scanned.Add(chunk.HasValue(slot) ? chunk.GetString(v++) : null);
        }
        Assert.Equal(Enumerable.Range(0, 1_000).Select(i => (string?)SampleRows.Row(i)[1]), scanned);
    }

    [Fact]
    public void A_corrupt_row_group_fails_a_parallel_scan_with_the_format_exception()
    {
        var bytes = Write(1_000, new ParquetWriterOptions { RowGroupRows = 100 });
        using (var probe = Open(bytes))
        {
            var (start, length) = probe.GetColumnChunkRange(5, probe.Schema.GetField("text").Leaf);
            bytes.AsSpan((int)start, length).Fill(0x11);
        }
        using var reader = Open(bytes);
        var seen = 0;
        Assert.Throws<ParquetFormatException>(() =>
        {
            foreach (var _ in reader.ScanColumn(reader.Schema.GetField("text").Leaf, parallelism: 2)) seen++;
        });
        Assert.Equal(5, seen);
    }

    [Fact]
    public void Empty_file_has_schema_and_no_rows()
    {
        using var ms = new MemoryStream();
        using (var writer = new ParquetFileWriter(ms, SampleRows.Columns, leaveOpen: true)) writer.Finish();
        using var reader = Open(ms.ToArray());
        Assert.Equal(0, reader.RowCount);
        Assert.Equal(SampleRows.Columns.Select(c => c.Name), reader.Schema.Fields.Select(f => f.Name));
        Assert.Empty(reader.ReadRows());
    }

    [Fact]
    public void Column_chunks_expose_typed_values_and_levels()
    {
        using var reader = Open(Write(50, new ParquetWriterOptions()));
        var small = reader.ReadColumn(0, reader.Schema.GetField("small").Leaf);
        Assert.Equal(50, small.LevelCount);
        var expected = Enumerable.Range(0, 50).Select(i => (int?)SampleRows.Row(i)[3]).ToList();
        Assert.Equal(expected.Count(v => v is not null), small.ValueCount);
        Assert.Equal(expected.Where(v => v is not null).Select(v => v!.Value), small.Int32s.ToArray());
        Assert.Equal(expected.Select(v => v is null ? 0 : 1), small.DefinitionLevels.ToArray());
    }
}
