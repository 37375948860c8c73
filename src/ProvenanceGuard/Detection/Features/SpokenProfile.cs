using ProvenanceGuard.Detection.Reference;

namespace ProvenanceGuard.Detection.Features;

/// <summary>
/// Accumulates one text's words under the spoken-English reference: surprisal distribution, rank
/// buckets, and the contrast with the written (Brown) reference, Binoculars-style: a text's
/// surprisal under one human reference normalised by its surprisal under the other.
/// </summary>
internal struct SpokenProfile
{
    public const int FeatureCount = 12;

    private double _sum, _sumSq, _gapSum, _gapSq, _bigramSum;
    private int _words, _oov, _top100, _top1000, _top10000;

    /// <param name="surprisals">Scratch for every word's spoken surprisal (at least the text's word count).</param>
    public void Add(SpokenEvidence spoken, double writtenUnigramSurprisal, double writtenBigramSurprisal, Span<double> surprisals)
    {
        surprisals[_words++] = spoken.Surprisal;
        _sum += spoken.Surprisal;
        _sumSq += spoken.Surprisal * spoken.Surprisal;
        var gap = writtenUnigramSurprisal - spoken.Surprisal;
        _gapSum += gap;
        _gapSq += gap * gap;
        _bigramSum += writtenBigramSurprisal;
        if (spoken.Rank == 0) _oov++;
        else
        {
            if (spoken.Rank <= 100) _top100++;
            if (spoken.Rank <= 1000) _top1000++;
            if (spoken.Rank <= 10000) _top10000++;
        }
    }

    /// <summary>Writes the <see cref="FeatureCount"/> features in layout order; zeros when no word was added (no spoken reference).</summary>
    public readonly void Write(Span<double> dense, Span<double> surprisals)
    {
        dense = dense[..FeatureCount];
        if (_words == 0)
        {
            dense.Clear();
            return;
        }
        var sorted = surprisals[.._words];
        sorted.Sort();
        double n = _words;
        var k = 0;
        dense[k++] = _sum / n;
        dense[k++] = Std(_sum, _sumSq, n);
        dense[k++] = sorted[(int)(0.50 * (_words - 1))];
        dense[k++] = sorted[(int)(0.90 * (_words - 1))];
        dense[k++] = MeanOfTop(sorted, 0.10);
        dense[k++] = _oov / n;
        dense[k++] = _top100 / n;
        dense[k++] = _top1000 / n;
        dense[k++] = _top10000 / n;
        dense[k++] = _gapSum / n;
        dense[k++] = Std(_gapSum, _gapSq, n);
        dense[k++] = _bigramSum / Math.Max(_sum, 1e-9);
    }

    // Mean of the largest share of sorted values (at least one): the rare tail.
    private static double MeanOfTop(ReadOnlySpan<double> sorted, double share)
    {
        var take = Math.Max(1, (int)(sorted.Length * share));
        double sum = 0;
        for (var i = sorted.Length - take; i < sorted.Length; i++) sum += sorted[i];
        return sum / take;
    }

    private static double Std(double sum, double sumSq, double n)
    {
        if (n < 2) return 0;
        var mean = sum / n;
        return Math.Sqrt(Math.Max(0, sumSq / n - mean * mean));
    }
}
