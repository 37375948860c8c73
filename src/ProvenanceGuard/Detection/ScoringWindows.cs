using ProvenanceGuard.Detection.Features;
using ProvenanceGuard.Detection.Training;

namespace ProvenanceGuard.Detection;

/// <summary>
/// How a trained detector scores a text much longer than its training texts: the judged part (what follows the opening
/// the featurizer skips) is split into windows of about the training texts' median judged length, each window is scored
/// alone, and their raw scores are averaged. A model fitted on texts of one length reads more evidence into a longer text
/// (the hashed n-grams' sum grows with it, and the dense statistics settle), so one whole 600-word human document looks
/// machine-written far more often than the threshold allows; its windows look like what the model was trained on.
/// </summary>
/// <param name="Words">The windows' target length in whitespace-separated words.</param>
public sealed record ScoringWindows(int Words)
{
    /// <summary>How many windows a judged part of <paramref name="words"/> words is split into; 1 = scored whole, as before windows existed.</summary>
    public int Count(int words) => Math.Max(1, (int)Math.Round(words / (double)Words, MidpointRounding.AwayFromZero));

    /// <summary>
    /// Whether <paramref name="text"/> is scored in windows, and if so its judged part, that part's words and the number of
    /// windows. A text of ordinary length costs one vectorised pass over its characters, not a tokenization.
    /// </summary>
    public bool Applies(TextFeaturizer featurizer, ReadOnlySpan<char> text, out ReadOnlySpan<char> judged, out int words, out int count)
    {
        judged = text;
        words = 0;
        count = 1;
        if (Count(TrainingLengths.Words(text)) < 2) return false;
        judged = text[featurizer.JudgedStart(text)..];
        words = TrainingLengths.Words(judged);
        count = Count(words);
        return count > 1;
    }

    /// <summary>
    /// The median judged length of <paramref name="texts"/>, but at least twice the featurizer's minimum, so no window of
    /// a long text (at least three quarters of <see cref="Words"/>) is too short to judge.
    /// </summary>
    public static ScoringWindows Fit(TextFeaturizer featurizer, IEnumerable<string> texts)
    {
        var words = texts.Select(t => TrainingLengths.Words(t.AsSpan(featurizer.JudgedStart(t)))).Order().ToArray();
        if (words.Length == 0) throw new ArgumentException("No texts to measure.", nameof(texts));
        return new ScoringWindows(Math.Max(words[words.Length / 2], 2 * featurizer.Options.MinWords));
    }

    /// <summary>
    /// The windows of <paramref name="judged"/>, which has <paramref name="words"/> words: <paramref name="count"/> runs of
    /// consecutive words as equal in size as whole words allow, each from its first word's start to its last word's end.
    /// </summary>
    public static Enumerator Split(ReadOnlySpan<char> judged, int words, int count) => new(judged, words, count);

    /// <summary>Walks the text once; allocates nothing.</summary>
    public ref struct Enumerator(ReadOnlySpan<char> text, int words, int count)
    {
        private readonly ReadOnlySpan<char> _text = text;
        private int _window;
        private int _word;
        private int _position;

        public ReadOnlySpan<char> Current { get; private set; }

        public readonly Enumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            if (_window >= count) return false;
            var lastWord = (int)((long)words * ++_window / count);
            SkipSpaces();
            var start = _position;
            var end = start;
            for (; _word < lastWord && _position < _text.Length; _word++)
            {
                while (_position < _text.Length && !char.IsWhiteSpace(_text[_position])) _position++;
                end = _position;
                SkipSpaces();
            }
            Current = _text[start..end];
            return true;
        }

        private void SkipSpaces()
        {
            while (_position < _text.Length && char.IsWhiteSpace(_text[_position])) _position++;
        }
    }
}
