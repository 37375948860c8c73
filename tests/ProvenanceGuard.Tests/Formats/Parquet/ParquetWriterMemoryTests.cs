using System.Security.Cryptography;
using ProvenanceGuard.Formats.Parquet;
using ProvenanceGuard.Formats.Parquet.Shards;
using Xunit;
using Record = ProvenanceGuard.Records.Record;

namespace ProvenanceGuard.Tests.Formats.Parquet;

/// <summary>
/// Writers that share a <see cref="ParquetWriterMemory"/> reuse each other's buffers and still write exactly the bytes
/// a fresh writer writes, whatever the previous file left behind (bigger values, other codecs, page versions, an
/// abandoned row).
/// </summary>
public sealed class ParquetWriterMemoryTests
{
    private static byte[] WriteSample(int rows, ParquetWriterOptions options, ParquetWriterMemory? memory)
    {
        var ms = new MemoryStream();
        using (var writer = new ParquetFileWriter(ms, SampleRows.Columns, options, leaveOpen: true, memory))
        {
            for (var i = 0; i < rows; i++) writer.WriteRow(SampleRows.Row(i));
            writer.Finish();
        }
        return ms.ToArray();
    }

    // Large first (multi-MB value, many pages), then smaller files with other layouts, so stale bytes sit in every buffer.
    public static TheoryData<int, ParquetWriterOptions> Sequence() => new()
    {
        { 900, new ParquetWriterOptions { PageBytes = 4096 } },
        { 300, new ParquetWriterOptions { Compression = ParquetCompression.Snappy, DataPageVersion = 2, PageBytes = 2048 } },
        { 500, new ParquetWriterOptions { Compression = ParquetCompression.Uncompressed, RowGroupRows = 97, PageBytes = 1024 } },
        { 120, new ParquetWriterOptions { Compression = ParquetCompression.Gzip, Dictionary = false, PageBytes = 512 } },
        { 60, new ParquetWriterOptions { DataPageVersion = 2, RowGroupRows = 7 } },
        { 3, new ParquetWriterOptions() },
    };

    [Fact]
    public void Files_written_one_after_another_with_shared_memory_are_byte_identical_to_fresh_writers()
    {
        var memory = new ParquetWriterMemory();
        foreach (var entry in Sequence())
        {
            var rows = (int)entry[0];
            var options = (ParquetWriterOptions)entry[1];
            var shared = WriteSample(rows, options, memory);
            var fresh = WriteSample(rows, options, memory: null);
            Assert.True(fresh.AsSpan().SequenceEqual(shared), $"{rows} rows with {options}: shared-memory bytes differ from a fresh writer's");
        }
        Assert.Equal(1, memory.IdleCount);
    }

    [Fact]
    public void A_writer_disposed_in_the_middle_of_a_row_leaves_no_trace_in_the_next_file()
    {
        var memory = new ParquetWriterMemory();
        using (var abandoned = new ParquetFileWriter(new MemoryStream(), SampleRows.Columns, memory: memory))
        {
            for (var i = 0; i < 50; i++) abandoned.WriteRow(SampleRows.Row(i));
            abandoned.WriteInt64(0, 12345); // half a row, never ended
            abandoned.WriteString(1, "left behind");
        }
        var options = new ParquetWriterOptions { PageBytes = 1024 };
        Assert.Equal(WriteSample(40, options, memory: null), WriteSample(40, options, memory));
    }

    [Fact]
    public void A_disposed_writer_gives_its_buffers_back_and_the_next_writer_with_the_same_columns_takes_them()
    {
        var memory = new ParquetWriterMemory();
        var first = new ParquetFileWriter(new MemoryStream(), SampleRows.Columns, memory: memory);
        Assert.Equal(0, memory.IdleCount);
        first.Dispose();
        first.Dispose(); // a second Dispose must not return the buffers twice
        Assert.Equal(1, memory.IdleCount);

        using (new ParquetFileWriter(new MemoryStream(), [ParquetColumnSpec.String("other")], memory: memory))
            Assert.Equal(1, memory.IdleCount); // another schema: not these buffers
        using (new ParquetFileWriter(new MemoryStream(), SampleRows.Columns, memory: memory))
            Assert.Equal(1, memory.IdleCount); // took the first writer's; the other schema's came back
    }

    [Fact]
    public void The_pool_keeps_at_most_the_configured_number_of_idle_workspaces()
    {
        var memory = new ParquetWriterMemory(maxIdle: 2);
        var writers = Enumerable.Range(0, 3).Select(_ => new ParquetFileWriter(new MemoryStream(), SampleRows.Columns, memory: memory)).ToList();
        writers.ForEach(w => w.Dispose());
        Assert.Equal(2, memory.IdleCount);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ParquetWriterMemory(maxIdle: 0));
    }

    private static string WriteShard(ParquetShardFormat format, string directory, string name, IReadOnlyList<Record> records)
    {
        using var writer = format.Create(directory, name);
        foreach (var r in records) writer.Write(r);
        return writer.Complete().Sha256;
    }

    [Fact]
    public void Shards_of_one_format_written_in_turn_and_at_once_have_the_digests_of_shards_written_alone()
    {
        using var dir = new TempDirectory();
        var options = new ParquetShardOptions { RowGroupRows = 700, PageBytes = 16 << 10 };
        var batches = new[] { 2_000, 450, 1_300 }.Select((n, b) => Enumerable.Range(b * 10_000, n).Select(ShardRecords.Make).ToList()).ToList();
        var alone = batches.Select((records, b) => WriteShard(new ParquetShardFormat(options), dir.Path, $"alone-{b}.parquet", records)).ToList();

        var format = new ParquetShardFormat(options);
        var inTurn = batches.Select((records, b) => WriteShard(format, dir.Path, $"turn-{b}.parquet", records)).ToList();
        Assert.Equal(alone, inTurn);

        // Two shards open at once (as the pipeline's two shard slots do) must not share buffers.
        using var a = format.Create(dir.Path, "both-a.parquet");
        using var b = format.Create(dir.Path, "both-b.parquet");
        for (var i = 0; i < Math.Max(batches[0].Count, batches[2].Count); i++)
        {
            if (i < batches[0].Count) a.Write(batches[0][i]);
            if (i < batches[2].Count) b.Write(batches[2][i]);
        }
        Assert.Equal(alone[0], a.Complete().Sha256);
        Assert.Equal(alone[2], b.Complete().Sha256);
    }

    [Fact]
    public void A_second_shard_of_the_same_size_allocates_a_small_fraction_of_what_the_first_did()
    {
        using var dir = new TempDirectory();
        // One page per column chunk keeps compression on this thread, where the allocation counter looks.
        var options = new ParquetShardOptions { PageBytes = 64 << 20 };
        var records = Enumerable.Range(0, 3_000).Select(ShardRecords.Make).ToList();
        var format = new ParquetShardFormat(options);
        long Allocated(string name)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            WriteShard(format, dir.Path, name, records);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        var first = Allocated("first.parquet");
        var second = Allocated("second.parquet");
        Assert.True(second * 4 < first, $"first shard allocated {first:N0} bytes, the second {second:N0}");
        Assert.Equal(File.ReadAllBytes(dir.File("first.parquet")), File.ReadAllBytes(dir.File("second.parquet")));
    }
}
