using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ProvenanceGuard.Detection.Tokenization;

namespace ProvenanceGuard.Curation.NearDuplicates;

/// <summary>
/// The MinHash sketch of one text at a time: <see cref="MinHashOptions.Hashes"/> 32-bit minhashes of its lower-cased
/// word shingles, the LSH key of each band, and the 8-bit signature kept for similarity estimates. The hash functions
/// come from <see cref="MinHashOptions.Seed"/>, so every task of a partitioned run sketches a text identically.
/// Reused between texts; not thread-safe.
/// </summary>
public sealed class MinHashSketch
{
    private readonly MinHashOptions _options;
    private readonly ulong[] _multipliers;
    private readonly ulong[] _addends;
    /// <summary>The current text's minhashes, each below 2^32, held as 64-bit lanes so the hashing loop is vectorized.</summary>
    private readonly ulong[] _values;
    private readonly ulong[] _words;

    public MinHashSketch(MinHashOptions options)
    {
        if (options.Bands < 1 || options.Rows < 1 || options.ShingleWords < 1 || options.ShingleWords > 64 || options.Threshold is <= 0 or > 1)
            throw new ConfigurationException("minhash: bands, rows and shingleWords (<= 64) must be >= 1 and threshold in (0, 1]");
        _options = options;
        var random = new Random(options.Seed);
        _multipliers = new ulong[options.Hashes];
        _addends = new ulong[options.Hashes];
        for (var i = 0; i < options.Hashes; i++)
        {
            _multipliers[i] = (ulong)random.NextInt64() << 1 | 1; // odd: multiply-shift hashing
            _addends[i] = (ulong)random.NextInt64();
        }
        _values = new ulong[options.Hashes];
        _words = new ulong[options.ShingleWords];
    }

    /// <summary>Sketches <paramref name="text"/> (a text shorter than one shingle is one shingle).</summary>
    public void Compute(ReadOnlySpan<char> text)
    {
        _values.AsSpan().Fill(uint.MaxValue);
        var n = _options.ShingleWords;
        var count = 0;
        foreach (var token in WordTokenizer.Tokenize(text))
        {
            if (token.Kind == TokenKind.Punctuation) continue;
            _words[count % n] = WordHash(token.In(text));
            count++;
            if (count >= n) AddShingle(count, n);
        }
        if (count is > 0 && count < n) AddShingle(count, count);
    }

    /// <summary>The current sketch's band keys and signature, copied out.</summary>
    public NearDuplicateSketch Snapshot()
    {
        var bands = new ulong[_options.Bands];
        for (var band = 0; band < bands.Length; band++) bands[band] = BandKey(band);
        var signature = new byte[_values.Length];
        CopySignature(signature);
        return new NearDuplicateSketch(bands, signature);
    }

    /// <summary>The bucket key of one band of the current sketch (the band's number is mixed in, so bands never share buckets).</summary>
    public ulong BandKey(int band)
    {
        var key = 0x9E3779B97F4A7C15UL * (ulong)(band + 1);
        foreach (var value in _values.AsSpan(band * _options.Rows, _options.Rows)) key = Mix(key ^ value);
        return key;
    }

    /// <summary>Writes the low 8 bits of each minhash (b-bit MinHash) into <paramref name="signature"/>.</summary>
    public void CopySignature(Span<byte> signature)
    {
        for (var i = 0; i < _values.Length; i++) signature[i] = (byte)_values[i];
    }

    /// <summary>Estimated Jaccard similarity of two 8-bit signatures, corrected for chance agreement of 8-bit values.</summary>
    public static double Similarity(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var equal = 0;
        for (var i = 0; i < a.Length; i++)
            if (a[i] == b[i]) equal++;
        const double chance = 1.0 / 256;
        return Math.Max(0, ((double)equal / a.Length - chance) / (1 - chance));
    }

    private void AddShingle(int count, int length)
    {
        var n = _options.ShingleWords;
        var shingle = 0xCBF29CE484222325UL;
        for (var j = count - length; j < count; j++) shingle = Mix(shingle ^ _words[j % n]);
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            // Eight 64-bit lanes per step where the CPU multiplies them natively (AVX-512): the same values, half the steps.
            var x = Vector512.Create(shingle);
            for (; i <= _values.Length - Vector512<ulong>.Count; i += Vector512<ulong>.Count)
            {
                var value = Vector512.ShiftRightLogical(Vector512.LoadUnsafe(ref _multipliers[0], (nuint)i) * x + Vector512.LoadUnsafe(ref _addends[0], (nuint)i), 32);
                Vector512.Min(value, Vector512.LoadUnsafe(ref _values[0], (nuint)i)).StoreUnsafe(ref _values[0], (nuint)i);
            }
        }
        if (Vector.IsHardwareAccelerated)
        {
            var x = new Vector<ulong>(shingle);
            for (; i <= _values.Length - Vector<ulong>.Count; i += Vector<ulong>.Count)
            {
                var value = Vector.ShiftRightLogical(new Vector<ulong>(_multipliers, i) * x + new Vector<ulong>(_addends, i), 32);
                Vector.Min(value, new Vector<ulong>(_values, i)).CopyTo(_values, i);
            }
        }
        for (; i < _values.Length; i++)
        {
            var value = (_multipliers[i] * shingle + _addends[i]) >> 32;
            if (value < _values[i]) _values[i] = value;
        }
    }

    private static ulong WordHash(ReadOnlySpan<char> word)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var c in word) hash = (hash ^ char.ToLowerInvariant(c)) * 0x100000001B3UL;
        return hash;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // called per shingle; left out of line it ran unoptimized for long stretches
    private static ulong Mix(ulong x)
    {
        x ^= x >> 30;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 27;
        x *= 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
