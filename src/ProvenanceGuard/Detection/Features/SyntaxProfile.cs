using System.Buffers;
using ProvenanceGuard.Detection.Reference;

namespace ProvenanceGuard.Detection.Features;

/// <summary>
/// One text's topic-masked stream under the syntax reference: the distribution of each symbol's surprisal given the
/// three before it, and how much those three help over the symbol's own frequency. A language model's text is built
/// from more predictable constructions than a writer's, whatever the topic.
/// </summary>
internal static class SyntaxProfile
{
    public const int FeatureCount = 8;
    private const int PrefetchDistance = 12;

    /// <summary>Writes the <see cref="FeatureCount"/> features in layout order; zeros without a reference.</summary>
    /// <param name="symbols">Each token's <see cref="SyntaxSymbols"/> symbol.</param>
    /// <param name="sentenceEnds">Whether each token ends a sentence: the next one starts with a fresh history.</param>
    public static void Write(SyntaxReference? reference, ReadOnlySpan<ulong> symbols, ReadOnlySpan<bool> sentenceEnds, Span<double> dense)
    {
        dense = dense[..FeatureCount];
        dense.Clear();
        if (reference is null || symbols.Length == 0) return;
        var n = symbols.Length;
        var keys = ArrayPool<ulong>.Shared.Rent(n);
        var surprisals = ArrayPool<double>.Shared.Rent(n);
        try
        {
            // The 4-gram keys first (a sentence end starts a fresh history), so the table can be asked a few symbols ahead.
            var start = SyntaxReference.Pack(SyntaxReference.SentenceStart, SyntaxReference.SentenceStart, SyntaxReference.SentenceStart, SyntaxReference.SentenceStart);
            var key = start;
            for (var i = 0; i < n; i++)
            {
                key = SyntaxReference.Shift(key, reference.IndexOf(symbols[i]));
                keys[i] = key;
                if (sentenceEnds[i]) key = start;
            }
            for (var i = 0; i < n; i++)
            {
                if (i + PrefetchDistance < n) reference.Prefetch(keys[i + PrefetchDistance]);
                surprisals[i] = reference.Surprisal(keys[i]);
            }
            double sum = 0, sumSq = 0, gainSum = 0;
            for (var i = 0; i < n; i++)
            {
                var surprisal = surprisals[i];
                sum += surprisal;
                sumSq += surprisal * surprisal;
                gainSum += reference.UnigramSurprisal(SyntaxReference.LastSymbol(keys[i])) - surprisal;
            }
            var k = 0;
            dense[k++] = sum / n;
            dense[k++] = TextFeaturizer.Std(sum, sumSq, n);
            TextFeaturizer.WriteQuantiles(surprisals.AsSpan(0, n), dense.Slice(k, TextFeaturizer.QuantileLevels.Length));
            k += TextFeaturizer.QuantileLevels.Length;
            dense[k] = gainSum / n;
        }
        finally
        {
            ArrayPool<double>.Shared.Return(surprisals);
            ArrayPool<ulong>.Shared.Return(keys);
        }
    }
}
