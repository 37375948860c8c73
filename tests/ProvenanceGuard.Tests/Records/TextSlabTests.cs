using ProvenanceGuard.Records;
using Record = ProvenanceGuard.Records.Record;

namespace ProvenanceGuard.Tests.Records;

/// <summary>Records hold their texts as UTF-8 in pooled slabs; a slab is reused only once no record needs it.</summary>
public class TextSlabTests
{
    [Fact]
    public void Texts_packed_across_many_slabs_read_back_exactly()
    {
        var pool = new TextSlabPool(slabBytes: 64);
        var texts = new[] { "short", "café — 漢字 😀", new string('x', 63), new string('y', 200), "", "after the oversized one" };
        using var writer = new TextSlabWriter(pool);
        var records = texts.Select((t, i) => RecordHolding(writer.Append(t), i)).ToList();

        Assert.Equal(texts, records.Select(r => r.Text));
        Assert.Equal(texts.Select(t => t.Length), records.Select(r => r.TextLength));
        foreach (var (record, text) in records.Zip(texts))
        {
            Assert.True(record.TryGetUtf8Text(out var utf8));
            Assert.Equal(System.Text.Encoding.UTF8.GetBytes(text), utf8.ToArray());
        }
    }

    [Fact]
    public void A_slab_goes_back_to_its_pool_only_when_the_writer_and_its_last_record_let_go()
    {
        var pool = new TextSlabPool(slabBytes: 64);
        Record first, second;
        using (var writer = new TextSlabWriter(pool))
        {
            first = RecordHolding(writer.Append("one"), 0);
            second = RecordHolding(writer.Append("two"), 1);
        }
        first.ReleaseText();
        first.ReleaseText(); // a second release must not count twice

        var fresh = pool.Rent();
        Assert.Equal("two", second.Text);
        Assert.True(second.TryGetUtf8Text(out var held));
        Assert.False(Overlaps(fresh, held), "the slab still holding 'two' was handed out again");

        second.ReleaseText();
        Assert.True(Overlaps(pool.Rent(), held), "the slab did not go back to its pool once nothing held it");
    }

    [Fact]
    public void Reading_a_text_after_it_was_released_is_refused()
    {
        using var writer = new TextSlabWriter(new TextSlabPool(slabBytes: 64));
        var record = RecordHolding(writer.Append("gone soon"), 0);
        record.ReleaseText();

        var error = Assert.Throws<InvalidOperationException>(() => record.Text);
        Assert.Contains("record '0'", error.Message);
        Assert.Equal(9, record.TextLength);
    }

    [Fact]
    public void A_text_longer_than_a_slab_gets_its_own_buffer_which_the_pool_never_takes()
    {
        var pool = new TextSlabPool(slabBytes: 64);
        using var writer = new TextSlabWriter(pool);
        var record = RecordHolding(writer.Append(new string('z', 500)), 0);
        Assert.True(record.TryGetUtf8Text(out var held));
        record.ReleaseText();

        Assert.False(Overlaps(pool.Rent(), held));
    }

    private static Record RecordHolding(TextSlice text, int id) => new()
    {
        Id = id.ToString(),
        Utf8Text = text,
        Source = "test",
        ContentSha256 = "",
        Origin = new RecordOrigin("test", 1, 0),
        Sequence = id,
    };

    private static bool Overlaps(byte[] array, ReadOnlySpan<byte> span) =>
        array.AsSpan().Overlaps(span);
}
