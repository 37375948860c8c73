using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ProvenanceGuard.Detection.Reference;

/// <summary>
/// Allocates the reference models' large lookup tables so that Linux backs them with 2 MB pages. Scoring reads them
/// at random across tens of megabytes, so with 4 KB pages nearly every lookup also misses the processor's address
/// translation cache; with the trigram reference, huge pages made scoring about 6% faster. Elsewhere, or where the
/// kernel declines, the tables work the same on ordinary pages.
/// </summary>
internal static unsafe class HugePages
{
    private const long PageBytes = 2 << 20;
    private const long SmallestAdvised = 2 * PageBytes; // below this the edges that stay on 4 KB pages are most of it
    private const int AdviseHugePage = 14; // MADV_HUGEPAGE: the range's next page faults may take 2 MB pages
    private const int AdviseDontNeed = 4;  // MADV_DONTNEED: drop the range's pages; it reads as zeros again

    /// <summary>A zeroed array on the pinned heap (so it never moves) whose whole 2 MB pages the kernel backs with huge pages, where it allows, once written.</summary>
    public static T[] Allocate<T>(int length) where T : unmanaged
    {
        var array = GC.AllocateArray<T>(length, pinned: true);
        var bytes = (long)length * Unsafe.SizeOf<T>();
        if (Madvise is null || bytes < SmallestAdvised) return array;
        var start = (long)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        var first = (start + PageBytes - 1) & ~(PageBytes - 1);
        var end = (start + bytes) & ~(PageBytes - 1); // past first: the array spans at least two pages
        // The runtime may hand out memory it has used before, already mapped with 4 KB pages. Dropping those pages
        // (the new array is all zeros, which is what the range reads as afterwards) lets the first write to each
        // 2 MB stretch fault in a huge page. Advice only: a refusal changes nothing but speed.
        _ = Madvise((nint)first, (nuint)(end - first), AdviseHugePage);
        _ = Madvise((nint)first, (nuint)(end - first), AdviseDontNeed);
        return array;
    }

    // madvise(2) from the C library, looked up by its real file name: the name "libc" alone can find the linker
    // script libc.so where development files are installed. Null off Linux or where no C library exports it.
    private static readonly delegate* unmanaged<nint, nuint, int, int> Madvise = FindMadvise();

    private static delegate* unmanaged<nint, nuint, int, int> FindMadvise()
    {
        if (!OperatingSystem.IsLinux()) return null;
        foreach (var name in new[] { "libc.so.6", "libc.musl-x86_64.so.1", "libc.musl-aarch64.so.1" })
        {
            if (NativeLibrary.TryLoad(name, out var library) && NativeLibrary.TryGetExport(library, "madvise", out var function))
                return (delegate* unmanaged<nint, nuint, int, int>)function;
        }
        return null;
    }
}
