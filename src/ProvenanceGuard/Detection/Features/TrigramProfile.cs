using System.Buffers;
using ProvenanceGuard.Detection.Reference;
using ProvenanceGuard.Detection.Tokenization;

namespace ProvenanceGuard.Detection.Features;

/// <summary>
/// One text's words under the trigram reference: the distribution of each word's surprisal given the two words
/// before it, how much those two words help over the word's own frequency, and the share of words the model
/// does not know. Words only: the reference was built from text without punctuation, so context runs across
/// punctuation and sentence ends; an unknown word or a number breaks it.
/// </summary>
internal static class TrigramProfile
{
    public const int FeatureCount = 13;
    private const int OovShareIndex = 10; // trigram_oov_share
    private const int PrefetchDistance = 12;

    /// <summary>Writes the <see cref="FeatureCount"/> features in layout order; zeros when no reference is given or no word is known.</summary>
    public static void Write(TrigramReference? reference, ReadOnlySpan<Token> tokens, ReadOnlySpan<ulong> ids, Span<double> dense)
    {
        dense = dense[..FeatureCount];
        dense.Clear();
        if (reference is null) return;
        var words = ArrayPool<int>.Shared.Rent(tokens.Length);
        var logProbs = ArrayPool<double>.Shared.Rent(tokens.Length);
        try
        {
            var n = 0;
            for (var i = 0; i < tokens.Length; i++)
            {
                if (i + PrefetchDistance < tokens.Length) reference.PrefetchWord(ids[i + PrefetchDistance]);
                if (tokens[i].Kind != TokenKind.Punctuation) words[n++] = tokens[i].Kind == TokenKind.Word ? reference.WordOf(ids[i]) : -1;
            }
            reference.LogProbs(words.AsSpan(0, n), logProbs);

            var known = 0;
            double sum = 0, sumSq = 0, unigramSum = 0, gainSum = 0, gainSq = 0, stepSum = 0;
            for (var i = 0; i < n; i++)
            {
                if (words[i] < 0) continue;
                var surprisal = -logProbs[i];
                var unigram = -reference.UnigramLogProb(words[i]);
                var gain = unigram - surprisal;
                if (known > 0) stepSum += Math.Abs(surprisal - logProbs[known - 1]);
                logProbs[known++] = surprisal; // the surprisals, compacted in place for the quantiles
                sum += surprisal;
                sumSq += surprisal * surprisal;
                unigramSum += unigram;
                gainSum += gain;
                gainSq += gain * gain;
            }
            if (known == 0)
            {
                dense[OovShareIndex] = 1;
                return;
            }
            var k = 0;
            dense[k++] = sum / known;
            dense[k++] = TextFeaturizer.Std(sum, sumSq, known);
            TextFeaturizer.WriteQuantiles(logProbs.AsSpan(0, known), dense.Slice(k, TextFeaturizer.QuantileLevels.Length));
            k += TextFeaturizer.QuantileLevels.Length;
            dense[k++] = unigramSum / known;
            dense[k++] = gainSum / known;
            dense[k++] = TextFeaturizer.Std(gainSum, gainSq, known);
            dense[k++] = (double)(n - known) / n; // at OovShareIndex
            dense[k++] = sum / Math.Max(unigramSum, 1e-9);
            dense[k++] = known > 1 ? stepSum / (known - 1) : 0;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(words);
            ArrayPool<double>.Shared.Return(logProbs);
        }
    }
}
