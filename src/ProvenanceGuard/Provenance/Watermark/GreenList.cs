using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace ProvenanceGuard.Provenance.Watermark;

/// <summary>
/// The keyed pseudo-random partition of token ids into green (share gamma) and red. For the context scheme
/// each previous-word id gets its own 64-bit seed, HMAC-SHA256(key, "context" || id); for the unigram scheme
/// one seed, HMAC-SHA256(key, "unigram"), serves every position. A token is green when a 64-bit mix of
/// seed and token id falls below gamma * 2^64: one HMAC per context, a few multiplications per candidate,
/// so the generator can weigh thousands of candidates per step.
/// </summary>
public sealed class GreenList
{
    private readonly byte[] _key;
    private readonly ulong _threshold;
    private readonly ulong _unigramSeed;
    // Concurrent: one detector may score records from several workers.
    private readonly ConcurrentDictionary<ulong, ulong> _contextSeeds = new();

    public GreenList(string key, WatermarkOptions options)
    {
        if (string.IsNullOrEmpty(key)) throw new ConfigurationException("watermark key: must not be empty");
        Options = options.Validated();
        _key = Encoding.UTF8.GetBytes(key);
        _threshold = (ulong)Math.Min(options.Gamma * 18446744073709551616.0, ulong.MaxValue);
        _unigramSeed = Seed(Encoding.ASCII.GetBytes("unigram"));
    }

    public WatermarkOptions Options { get; }

    /// <summary>Whether the scheme reads the previous word; the unigram list ignores it.</summary>
    public bool UsesContext => Options.Scheme == WatermarkScheme.Context;

    /// <summary>Whether <paramref name="token"/> is green after <paramref name="context"/> (ignored by the unigram scheme).</summary>
    public bool IsGreen(ulong context, ulong token) => Mix(SeedFor(context) ^ Mix(token)) < _threshold;

    private ulong SeedFor(ulong context)
    {
        if (!UsesContext) return _unigramSeed;
        if (_contextSeeds.TryGetValue(context, out var seed)) return seed;
        var message = new byte[15];
        Encoding.ASCII.GetBytes("context", message);
        BinaryPrimitives.WriteUInt64LittleEndian(message.AsSpan(7), context);
        seed = Seed(message);
        // Bounded: a document or vocabulary has at most this many distinct contexts worth keeping.
        if (_contextSeeds.Count > 1 << 20) _contextSeeds.Clear();
        _contextSeeds[context] = seed;
        return seed;
    }

    private ulong Seed(byte[] message) => BinaryPrimitives.ReadUInt64LittleEndian(HMACSHA256.HashData(_key, message));

    /// <summary>SplitMix64's finalizer: every input bit moves every output bit.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
