using ProvenanceGuard.Formats.Parquet;
using ProvenanceGuard.Formats.Parquet.Sources;
using Xunit;

namespace ProvenanceGuard.Tests.Formats.Parquet;

/// <summary>Ingestion rows from a DuckDB-written file: projected text, id and extra fields, in file order.</summary>
public sealed class ParquetRecordSourceTests
{
    private static string Fixture(string name) =>
        Path.Combine(DuckDbOracle.RepositoryRoot, "tests", "ProvenanceGuard.Tests", "Formats", "Parquet", "Fixtures", name);

    [Fact]
    public void Yields_text_id_and_requested_fields_for_every_row()
    {
        using var source = new ParquetRecordSource(Fixture("duckdb-v2-zstd-plain.parquet"), new ParquetRecordSourceOptions { ExtraFields = ["category", "tags"] });
        Assert.Equal(["category", "tags"], source.ExtraFieldNames);
        var rows = source.ReadRows().ToList();
        Assert.Equal(600, rows.Count);
        Assert.Equal(Enumerable.Range(0, 600).Select(i => (long)i), rows.Select(r => r.RowIndex));
        Assert.Null(rows[0].Text); // i % 7 == 0 is null in the source table
        Assert.Equal("", rows[11].Text);
        Assert.Equal("row 1 héllo ü", rows[1].Text);
        Assert.Equal("1", rows[1].Id);
        Assert.Equal("cat1", rows[1].Extra[0]);
        Assert.Equal(new object?[] { "t1", null, "ö1" }, (object?[])rows[1].Extra[1]!);
    }

    [Fact]
    public void Without_an_id_field_rows_have_no_id()
    {
        using var source = new ParquetRecordSource(Fixture("duckdb-v1-snappy-dict.parquet"), new ParquetRecordSourceOptions { IdField = "no_such_field" });
        Assert.All(source.ReadRows().Take(10), r => Assert.Null(r.Id));
    }

    [Fact]
    public void A_missing_text_field_is_a_clear_error()
    {
        var error = Assert.Throws<ParquetFormatException>(() => new ParquetRecordSource(Fixture("duckdb-v1-snappy-dict.parquet"), new ParquetRecordSourceOptions { TextField = "body" }));
        Assert.Contains("no text field 'body'", error.Message);
    }
}
