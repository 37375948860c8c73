using MathNet.Numerics;

namespace ProvenanceGuard.Provenance.Watermark;

/// <summary>
/// Tests a text for the green-list watermark of a key. Each distinct (context, token) pair counts once
/// (for the unigram scheme each distinct token), because a repeated phrase repeats its colour and would
/// otherwise inflate z on human text that happens to repeat itself. Token ids are our word ids unless a
/// <see cref="BytePairTokenizer"/> (the generator's own tokenizer) is given.
/// </summary>
public sealed class WatermarkDetector(GreenList greenList, ITokenIds tokenIds)
{
    public WatermarkDetector(GreenList greenList) : this(greenList, new WordTokenIds()) { }

    public WatermarkDetector(string key, WatermarkOptions options, ITokenIds? tokenIds = null) : this(new GreenList(key, options), tokenIds ?? new WordTokenIds()) { }

    public WatermarkScore Score(string text) => Score(tokenIds.Of(text));

    public WatermarkScore Score(IReadOnlyList<ulong> ids)
    {
        var seen = new HashSet<(ulong, ulong)>();
        var green = 0;
        var usesContext = greenList.UsesContext;
        for (var i = usesContext ? 1 : 0; i < ids.Count; i++)
        {
            var context = usesContext ? ids[i - 1] : 0UL;
            if (!seen.Add((context, ids[i]))) continue;
            if (greenList.IsGreen(context, ids[i])) green++;
        }
        var options = greenList.Options;
        var scored = seen.Count;
        if (scored == 0) return new WatermarkScore(ids.Count, 0, 0, 0, 1, false);
        var gamma = options.Gamma;
        var z = (green - gamma * scored) / Math.Sqrt(scored * gamma * (1 - gamma));
        var p = 0.5 * SpecialFunctions.Erfc(z / Math.Sqrt(2));
        return new WatermarkScore(ids.Count, scored, green, z, p, z >= options.ZThreshold);
    }
}
