using System.Runtime.InteropServices;

namespace ProvenanceGuard.Formats.Compression;

/// <summary>
/// P/Invoke surface of the machine's zlib (Debian's zlib1g). Used for gzip input because .NET's GZipStream
/// reports a truncated file as a clean end of stream, and truncation must be caught, not read as short data.
/// </summary>
internal static unsafe partial class ZlibNative
{
    private const string Library = "libz.so.1";

    public const int Ok = 0;
    public const int StreamEnd = 1;
    public const int BufError = -5;
    public const int NoFlush = 0;
    /// <summary>windowBits 15 + 16: expect a gzip header and trailer.</summary>
    public const int GzipWindowBits = 31;

    [StructLayout(LayoutKind.Sequential)]
    public struct ZStream
    {
        public byte* NextIn;
        public uint AvailIn;
        public nuint TotalIn;
        public byte* NextOut;
        public uint AvailOut;
        public nuint TotalOut;
        public sbyte* Msg;
        public nint State;
        public nint ZAlloc;
        public nint ZFree;
        public nint Opaque;
        public int DataType;
        public nuint Adler;
        public nuint Reserved;
    }

    [LibraryImport(Library, EntryPoint = "inflateInit2_", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int InflateInit2(ZStream* stream, int windowBits, string version, int streamSize);

    [LibraryImport(Library, EntryPoint = "inflate")]
    public static partial int Inflate(ZStream* stream, int flush);

    [LibraryImport(Library, EntryPoint = "inflateReset")]
    public static partial int InflateReset(ZStream* stream);

    [LibraryImport(Library, EntryPoint = "inflateEnd")]
    public static partial int InflateEnd(ZStream* stream);

    public static string Message(ZStream* stream, int code) =>
        stream->Msg != null ? new string(stream->Msg) : $"zlib error {code}";
}
