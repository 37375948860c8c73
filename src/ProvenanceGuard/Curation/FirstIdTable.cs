using System.Text;

namespace ProvenanceGuard.Curation;

/// <summary>
/// Map from a 128-bit content hash to the id of the first record that had it, kept in flat arrays of plain structs:
/// open addressing over 24-byte slots, ids as length-prefixed UTF-8 in 1 MB pages: small (32-64 bytes per entry, by how
/// full the table is, plus the id, where a <c>Dictionary&lt;UInt128, string&gt;</c> took about 100) and invisible to the
/// garbage collector (no references to trace). It is the in-memory part of <see cref="ExactDeduplicator"/>'s index: when
/// that spills to disk, <see cref="SortForSpill"/> orders the entries in place and <see cref="Clear"/> empties the table
/// for reuse, keeping its arrays.
/// </summary>
internal sealed class FirstIdTable
{
    private const int PageBytes = 1 << 20;
    private const double MaxLoad = 0.75;

    /// <summary>An entry: the hash, and where its id is (page index in the high half, offset in the low, plus one so 0 means empty).</summary>
    private struct Slot
    {
        // Two halves rather than a UInt128, whose 16-byte alignment would pad the slot to 32 bytes.
        public ulong HashLow, HashHigh;
        public long IdAt;

        public readonly bool Holds(UInt128 hash) => HashLow == (ulong)hash && HashHigh == (ulong)(hash >> 64);
    }

    private Slot[] _slots = new Slot[1024];
    private readonly List<byte[]> _pages = [];
    private int _page = -1;
    private int _pageUsed = PageBytes;
    private bool _sorted;

    public long Count { get; private set; }

    /// <summary>The id stored for <paramref name="hash"/>; when there is none, stores <paramref name="id"/> and returns null.</summary>
    public string? GetOrAdd(UInt128 hash, string id)
    {
        ref var slot = ref Find(hash);
        if (slot.IdAt != 0) return ReadId(slot.IdAt);
        slot = new Slot { HashLow = (ulong)hash, HashHigh = (ulong)(hash >> 64), IdAt = WriteId(id) };
        Added();
        return null;
    }

    /// <summary>The id stored for <paramref name="hash"/>, or null.</summary>
    public string? Get(UInt128 hash)
    {
        ref var slot = ref Find(hash);
        return slot.IdAt == 0 ? null : ReadId(slot.IdAt);
    }

    /// <summary>Stores <paramref name="id"/> for <paramref name="hash"/>, replacing any earlier one.</summary>
    public void Set(UInt128 hash, string id)
    {
        ref var slot = ref Find(hash);
        var isNew = slot.IdAt == 0;
        slot = new Slot { HashLow = (ulong)hash, HashHigh = (ulong)(hash >> 64), IdAt = WriteId(id) };
        if (isNew) Added();
    }

    /// <summary>
    /// Moves the entries to the front of the slot array in ascending hash order, for writing a sorted run; lookups and
    /// additions are invalid until <see cref="Clear"/>.
    /// </summary>
    public void SortForSpill()
    {
        var count = 0;
        for (var i = 0; i < _slots.Length; i++)
            if (_slots[i].IdAt != 0) _slots[count++] = _slots[i];
        _slots.AsSpan(0, count).Sort(static (a, b) => a.HashHigh != b.HashHigh ? a.HashHigh.CompareTo(b.HashHigh) : a.HashLow.CompareTo(b.HashLow));
        _sorted = true;
    }

    /// <summary>The hash of the <paramref name="index"/>th entry in hash order, after <see cref="SortForSpill"/>.</summary>
    public UInt128 SortedHash(long index) => new(_slots[index].HashHigh, _slots[index].HashLow);

    /// <summary>The id of the <paramref name="index"/>th entry in hash order, as a view of its page's UTF-8.</summary>
    public ReadOnlySpan<byte> SortedIdUtf8(long index) => IdBytes(_slots[index].IdAt);

    /// <summary>Empties the table, keeping its slot array and id pages for the next entries.</summary>
    public void Clear()
    {
        Array.Clear(_slots);
        Count = 0;
        _page = -1;
        _pageUsed = PageBytes;
        _sorted = false;
    }

    private ref Slot Find(UInt128 hash)
    {
        if (_sorted) throw new InvalidOperationException("the table was sorted for a spill; clear it first");
        var mask = _slots.Length - 1;
        var index = Home((ulong)hash, mask);
        while (_slots[index].IdAt != 0 && !_slots[index].Holds(hash)) index = (index + 1) & mask;
        return ref _slots[index];
    }

    private static int Home(ulong hashLow, int mask) => (int)(hashLow & (uint)mask);

    private void Added()
    {
        Count++;
        if (Count <= _slots.Length * MaxLoad) return;
        var old = _slots;
        _slots = new Slot[old.Length * 2];
        var mask = _slots.Length - 1;
        foreach (var slot in old)
        {
            if (slot.IdAt == 0) continue;
            var index = Home(slot.HashLow, mask);
            while (_slots[index].IdAt != 0) index = (index + 1) & mask;
            _slots[index] = slot;
        }
    }

    private long WriteId(string id)
    {
        var length = Encoding.UTF8.GetByteCount(id);
        var needed = 5 + length;
        if (_pageUsed + needed > PageBytes)
        {
            _page++;
            if (_page == _pages.Count) _pages.Add(new byte[Math.Max(PageBytes, needed)]);
            else if (_pages[_page].Length < needed) _pages[_page] = new byte[needed];
            _pageUsed = 0;
        }
        var page = _pages[_page];
        var at = ((long)_page << 32 | (uint)_pageUsed) + 1;
        var offset = _pageUsed;
        for (var v = (uint)length; ; v >>= 7)
        {
            if (v < 0x80) { page[offset++] = (byte)v; break; }
            page[offset++] = (byte)(v | 0x80);
        }
        offset += Encoding.UTF8.GetBytes(id, page.AsSpan(offset));
        // A page made for one long id is full at once.
        _pageUsed = page.Length > PageBytes ? PageBytes : offset;
        return at;
    }

    private string ReadId(long idAt) => Encoding.UTF8.GetString(IdBytes(idAt));

    private ReadOnlySpan<byte> IdBytes(long idAt)
    {
        var page = _pages[(int)((idAt - 1) >> 32)];
        var offset = (int)(uint)(idAt - 1);
        var length = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = page[offset++];
            length |= (b & 0x7F) << shift;
            if (b < 0x80) break;
        }
        return page.AsSpan(offset, length);
    }
}
