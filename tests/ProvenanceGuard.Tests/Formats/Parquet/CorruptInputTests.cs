using ProvenanceGuard.Formats.Parquet;
using Xunit;

namespace ProvenanceGuard.Tests.Formats.Parquet;

/// <summary>
/// Thousands of truncated and byte-mutated files (our own and DuckDB-written fixtures covering every encoding and
/// codec) make the reader either succeed or throw <see cref="ParquetFormatException"/> with an offset: never another
/// exception type, never a hang, and never a large allocation driven by a length read from the file.
/// </summary>
public sealed class CorruptInputTests
{
    private const long AllocationBudgetPerCase = 48L << 20;

    private static readonly ParquetReaderOptions TightLimits = new()
    {
        MaxPageBytes = 4 << 20,
        MaxValuesPerPage = 1 << 18,
        MaxFooterBytes = 1 << 20,
        MaxColumnChunkBytes = 16 << 20,
    };

    private static IEnumerable<(string Name, byte[] Bytes)> BaseFiles()
    {
        var fixtures = Path.Combine(DuckDbOracle.RepositoryRoot, "tests", "ProvenanceGuard.Tests", "Formats", "Parquet", "Fixtures");
        foreach (var file in Directory.GetFiles(fixtures, "*.parquet").Order(StringComparer.Ordinal))
            yield return (Path.GetFileName(file), File.ReadAllBytes(file));
        foreach (var (codec, version) in new[] { (ParquetCompression.Zstd, 1), (ParquetCompression.Snappy, 2), (ParquetCompression.Gzip, 1), (ParquetCompression.Brotli, 2), (ParquetCompression.Uncompressed, 1) })
        {
            using var ms = new MemoryStream();
            using (var writer = new ParquetFileWriter(ms, SampleRows.Columns, new ParquetWriterOptions { Compression = codec, DataPageVersion = version, RowGroupRows = 40, PageBytes = 512 }, leaveOpen: true))
            {
                for (var i = 0; i < 120; i++) writer.WriteRow(i == SampleRows.BigRow ? SampleRows.Row(1) : SampleRows.Row(i));
                writer.Finish();
            }
            yield return ($"ours-{codec}-v{version}", ms.ToArray());
        }
    }

    /// <summary>Reads everything a caller could ask for: every column chunk and every assemblable row.</summary>
    private static void ReadEverything(byte[] bytes)
    {
        using var reader = new ParquetFileReader(new MemoryStream(bytes, writable: false), "fuzzed.parquet", options: TightLimits);
        for (var g = 0; g < reader.RowGroupCount; g++)
            foreach (var column in reader.Schema.Columns)
                reader.ReadColumn(g, column);
        foreach (var _ in reader.ReadRows()) { }
    }

    private static string? Outcome(byte[] bytes) => Outcome(bytes, out _);

    /// <summary>Null when the read succeeded or failed properly; otherwise what went wrong.</summary>
    private static string? Outcome(byte[] bytes, out bool rejected)
    {
        rejected = false;
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            ReadEverything(bytes);
        }
        catch (ParquetFormatException e)
        {
            rejected = true;
            if (!e.Message.Contains("fuzzed.parquet")) return "format error without the file name: " + e.Message;
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name}: {e.Message}\n{e.StackTrace}";
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return allocated > AllocationBudgetPerCase ? $"allocated {allocated} bytes" : null;
    }

    [Fact]
    public void Unmodified_base_files_read_cleanly()
    {
        foreach (var (name, bytes) in BaseFiles())
        {
            var outcome = Outcome(bytes);
            Assert.True(outcome is null, $"{name}: {outcome}");
        }
    }

    [Fact]
    public async Task Truncated_and_mutated_files_fail_only_with_the_format_exception()
    {
        var random = new Random(20261121);
        var cases = 0;
        var formatErrors = 0;
        var failures = new List<string>();
        var work = Task.Run(() =>
        {
            foreach (var (name, original) in BaseFiles())
            {
                for (var t = 0; t < 150; t++)
                {
                    var cut = random.Next(0, original.Length);
                    Check($"{name} truncated to {cut}", original.AsSpan(0, cut).ToArray());
                }
                for (var m = 0; m < 450; m++)
                {
                    var bytes = (byte[])original.Clone();
                    var flips = 1 + random.Next(4);
                    var positions = new List<int>();
                    for (var f = 0; f < flips; f++)
                    {
                        // Half the mutations hit the footer, where one byte can redirect every length.
                        var footerStart = Math.Max(4, bytes.Length - 8 - BitConverter.ToInt32(original, original.Length - 8));
                        var pos = random.Next(2) == 0 ? random.Next(footerStart, bytes.Length - 8) : random.Next(bytes.Length);
                        bytes[pos] = random.Next(3) switch
                        {
                            0 => (byte)random.Next(256),
                            1 => (byte)(bytes[pos] ^ (1 << random.Next(8))),
                            _ => random.Next(2) == 0 ? (byte)0xFF : (byte)0x00,
                        };
                        positions.Add(pos);
                    }
                    Check($"{name} mutated at {string.Join(",", positions)}", bytes);
                }
            }
        });

        void Check(string label, byte[] bytes)
        {
            cases++;
            var outcome = Outcome(bytes, out var rejected);
            if (rejected) formatErrors++;
            if (outcome is null) return;
            failures.Add($"{label}: {outcome}");
        }

        var finished = await Task.WhenAny(work, Task.Delay(TimeSpan.FromMinutes(2))) == work;
        Assert.True(finished, "the reader hung on corrupt input (fuzz loop exceeded 2 minutes)");
        await work;
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases} cases failed:\n" + string.Join("\n", failures.Take(10)));
        Assert.True(cases >= 4_000, $"only {cases} cases ran");
        // The mutations must actually bite: most corrupt files are rejected rather than silently read.
        Assert.True(formatErrors > cases / 2, $"only {formatErrors} of {cases} corrupt files were rejected");
    }

    [Fact]
    public void A_format_error_names_the_file_and_a_byte_offset()
    {
        var (_, original) = BaseFiles().First(f => f.Name.StartsWith("ours-Zstd"));
        var bytes = (byte[])original.Clone();
        bytes[^1] = (byte)'X';
        var error = Assert.Throws<ParquetFormatException>(() => ReadEverything(bytes));
        Assert.Contains("fuzzed.parquet", error.Message);
        Assert.Equal(bytes.Length - 4, error.Offset);
        Assert.Contains($"at byte {bytes.Length - 4}", error.Message);
    }
}
