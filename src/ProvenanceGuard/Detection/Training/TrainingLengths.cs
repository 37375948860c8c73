using System.Text.Json.Nodes;
using ProvenanceGuard.Detection.Tokenization;

namespace ProvenanceGuard.Detection.Training;

/// <summary>
/// How long the training texts were, in whitespace-separated words: the 1st and 99th percentiles, which the model card
/// records. The error rates and score densities a card states were measured on texts of these lengths; the length check
/// shows them moving at other lengths, so an estimate that corrects with them names the texts outside the band.
/// </summary>
public sealed record TrainingLengths(int LowWords, int HighWords)
{
    private const string LowField = "words_p01";
    private const string HighField = "words_p99";

    public static TrainingLengths Measure(IEnumerable<string> texts)
    {
        var words = texts.Select(t => Words(t)).Order().ToArray();
        if (words.Length == 0) throw new ArgumentException("No texts to measure.", nameof(texts));
        int At(double quantile) => words[(int)Math.Round(quantile * (words.Length - 1))];
        return new TrainingLengths(At(0.01), At(0.99));
    }

    /// <summary>The band a model card states (in <c>counts</c>), or null for a card written before it did.</summary>
    public static TrainingLengths? FromCard(JsonObject card) =>
        card["counts"] is JsonObject counts && counts[LowField] is JsonValue low && counts[HighField] is JsonValue high
            ? new TrainingLengths(low.GetValue<int>(), high.GetValue<int>())
            : null;

    public void WriteTo(JsonObject counts)
    {
        counts[LowField] = LowWords;
        counts[HighField] = HighWords;
    }

    public bool Contains(int words) => words >= LowWords && words <= HighWords;

    /// <summary>Whitespace-separated words, the measure the band is stated in.</summary>
    public static int Words(ReadOnlySpan<char> text) => WhitespaceWords.Count(text);
}
