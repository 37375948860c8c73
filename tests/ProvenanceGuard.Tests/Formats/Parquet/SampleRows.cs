using System.Security.Cryptography;
using System.Text;
using ProvenanceGuard.Formats.Parquet;

namespace ProvenanceGuard.Tests.Formats.Parquet;

/// <summary>
/// A deterministic table covering what a writer must get right: nulls, empty strings, non-ASCII and a multi-MB
/// value, a low-cardinality column (dictionary), negative zero, dates and timestamps.
/// </summary>
public static class SampleRows
{
    public const int BigRow = 778; // not a multiple of 7 or 11, which hold null and empty text

    public static readonly ParquetColumnSpec[] Columns =
    [
        ParquetColumnSpec.Int64("id", required: true),
        ParquetColumnSpec.String("text"),
        ParquetColumnSpec.String("category", required: true),
        ParquetColumnSpec.Int32("small"),
        ParquetColumnSpec.Double("score"),
        ParquetColumnSpec.Float("ratio", required: true),
        ParquetColumnSpec.Boolean("flag"),
        ParquetColumnSpec.Date("day"),
        ParquetColumnSpec.Timestamp("ts"),
    ];

    public static readonly string BigText = string.Concat(Enumerable.Repeat("zß€😀 multi-megabyte ", 120_000));

    public static object?[] Row(int i) =>
    [
        (long)i * 3 - 1000,
        i % 7 == 0 ? null : i % 11 == 0 ? "" : i == BigRow ? BigText : $"row {i} héllo wörld ✓ {new string('ü', i % 5)}",
        "cat" + (i % 10),
        i % 4 == 0 ? null : i % 5 - 2,
        i % 3 == 0 ? null : i % 9 == 1 ? -0.0 : i / 7.0 - 100,
        (float)(i / 3.0),
        i % 5 == 0 ? null : i % 2 == 0,
        i % 6 == 0 ? null : new DateOnly(1999, 12, 25).AddDays(i % 1000 - 400),
        i % 8 == 0 ? null : new DateTime(2020, 2, 29, 12, 0, 0, DateTimeKind.Utc).AddTicks((long)i * 12_345_670),
    ];

    public static void Write(string path, int rows, ParquetWriterOptions options)
    {
        using var writer = new ParquetFileWriter(File.Create(path), Columns, options);
        for (var i = 0; i < rows; i++) writer.WriteRow(Row(i));
        writer.Finish();
    }

    /// <summary>Long texts are compared by digest so oracle dumps stay small.</summary>
    public static string? TextDigest(string? text) =>
        text is { Length: > 10000 } ? "md5:" + Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text))) : text;
}
