using System.Globalization;
using System.Runtime.InteropServices;
using Xunit;
using ProvenanceGuard.Detection.Reference;
using ProvenanceGuard.Tests.Support;

namespace ProvenanceGuard.Tests.Detection;

public class HugePagesTests
{
    private const long PageBytes = 2 << 20;

    [Fact]
    public void A_table_is_zeroed_and_as_long_as_asked_whatever_its_size()
    {
        foreach (var length in new[] { 0, 1, 1000, 5_000_000 })
        {
            var table = HugePages.Allocate<ulong>(length);
            Assert.Equal(length, table.Length);
            Assert.True(table.AsSpan().IndexOfAnyExcept(0UL) < 0);
        }
    }

    [TransparentHugePagesFact]
    public void A_large_table_is_backed_by_2_mb_pages()
    {
        var table = HugePages.Allocate<ulong>(4 << 20); // 32 MB: at least 14 whole 2 MB pages inside it
        for (var i = 0; i < table.Length; i += 512) table[i] = (ulong)i; // written, as a table being filled is
        // Advice splits a mapping where it starts, so the first whole 2 MB page inside the table begins the advised one.
        var firstWholePage = ((long)Marshal.UnsafeAddrOfPinnedArrayElement(table, 0) + PageBytes - 1) & ~(PageBytes - 1);

        Assert.True(AnonHugePagesKbOfMappingAt(firstWholePage) >= 14 * 2048, $"the mapping at {firstWholePage:x} has too few huge pages");
        GC.KeepAlive(table);
    }

    // The AnonHugePages figure of the /proc/self/smaps mapping that holds the address.
    private static long AnonHugePagesKbOfMappingAt(long address)
    {
        var inside = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            var dash = line.IndexOf('-');
            if (dash > 0 && line.IndexOf(' ') > dash && long.TryParse(line[..dash], NumberStyles.HexNumber, null, out var start))
            {
                var end = long.Parse(line[(dash + 1)..line.IndexOf(' ')], NumberStyles.HexNumber);
                inside = address >= start && address < end;
            }
            else if (inside && line.StartsWith("AnonHugePages:")) return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        }
        return 0;
    }
}
