using System.Buffers;
using System.Runtime.CompilerServices;
using ProvenanceGuard.Detection.Reference;
using ProvenanceGuard.Detection.Tokenization;

namespace ProvenanceGuard.Detection.Features;

/// <summary>
/// Turns one text into the detector's features: dense statistics (surprisal under the human reference
/// model, GLTR-style ranks, burstiness, lexical diversity, repetition, function words, punctuation) and
/// hashed word / character n-grams streamed into a sink. Whitespace runs and typographic quotes are
/// normalised first, so layout artefacts of a data set cannot become "signal". Thread-safe; scratch
/// memory comes from the array pool.
/// </summary>
public sealed class TextFeaturizer
{
    private const ulong SaltWordUnigram = 0x243F6A8885A308D3UL;
    private const ulong SaltWordBigram = 0x13198A2E03707344UL;
    private const ulong SaltSyntax = SyntaxSymbols.Salt;
    private const int MattrWindow = 50;
    private const int PrefetchDistance = 12;
    private const int MaxHashedPerToken = 6; // word unigram + bigram + syntax 1..4-grams

    private readonly ReferenceLanguageModel _reference;
    private readonly SpokenWordFrequencies _spoken;
    private readonly TrigramReference? _trigram;
    private readonly SyntaxReference? _syntax;
    private readonly int _shift;
    private readonly ulong[] _tagSymbols; // index tag + 1: tag -1 (none known) is the bare salt

    /// <param name="spoken">The second (spoken-English) reference; <see cref="SpokenWordFrequencies.Empty"/> when null.</param>
    /// <param name="trigram">The trigram reference; its features are zero when null.</param>
    /// <param name="syntax">The syntax reference; without it the syntax_reference features are zero.</param>
    public TextFeaturizer(ReferenceLanguageModel reference, FeatureOptions options, SpokenWordFrequencies? spoken = null, TrigramReference? trigram = null,
        SyntaxReference? syntax = null)
    {
        options.Validate();
        _reference = reference;
        _spoken = spoken ?? SpokenWordFrequencies.Empty;
        _trigram = trigram;
        _syntax = syntax;
        Options = options;
        _shift = 64 - options.HashBits;
        _tagSymbols = [.. Enumerable.Range(-1, reference.Tags.Count + 1).Select(SyntaxSymbols.OfTag)];
    }

    public FeatureOptions Options { get; }
    public ReferenceLanguageModel Reference => _reference;
    public SpokenWordFrequencies Spoken => _spoken;
    public TrigramReference? Trigram => _trigram;
    public SyntaxReference? Syntax => _syntax;

    /// <summary>Counts word tokens only: the too-short test, cheaper than a full extraction.</summary>
    public int CountWords(ReadOnlySpan<char> text)
    {
        var words = 0;
        foreach (var token in WordTokenizer.Tokenize(text))
            if (token.Kind == TokenKind.Word) words++;
        return words;
    }

    /// <summary>Where the judged part of <paramref name="text"/> begins: after the opening tokens <see cref="Extract"/> skips.</summary>
    public int JudgedStart(ReadOnlySpan<char> text)
    {
        if (Options.SkipOpeningTokens == 0) return 0;
        // Usually enough words follow the opening, and the first of them that reach the minimum settle it.
        var index = 0;
        var start = -1;
        var wordsAfter = 0;
        foreach (var token in WordTokenizer.Tokenize(text))
        {
            if (index++ < Options.SkipOpeningTokens) continue;
            if (start < 0) start = token.Start;
            if (token.Kind == TokenKind.Word && ++wordsAfter >= Options.MinWords) return start;
        }
        var tokens = ArrayPool<Token>.Shared.Rent(text.Length + 1);
        try
        {
            var n = 0;
            foreach (var token in WordTokenizer.Tokenize(text)) tokens[n++] = token;
            var skip = OpeningToSkip(tokens.AsSpan(0, n));
            return skip == 0 ? 0 : tokens[skip].Start;
        }
        finally
        {
            ArrayPool<Token>.Shared.Return(tokens);
        }
    }

    /// <summary>
    /// Fills <paramref name="dense"/> (length <see cref="DenseFeatureLayout.Count"/>) and streams sparse features; false when
    /// the text is too short to judge. <paramref name="skipOpening"/> = false judges the whole text: a window of a longer
    /// text's judged part (<see cref="ScoringWindows"/>) has no opening of its own.
    /// </summary>
    public bool Extract<TSink>(ReadOnlySpan<char> text, Span<double> dense, ref TSink sink, bool skipOpening = true) where TSink : struct, ISparseFeatureSink
    {
        if (dense.Length < DenseFeatureLayout.Count) throw new ArgumentException("Dense buffer too small.", nameof(dense));
        var tokens = ArrayPool<Token>.Shared.Rent(text.Length + 1);
        var ids = ArrayPool<ulong>.Shared.Rent(text.Length + 1);
        try
        {
            var n = 0;
            var words = 0;
            var tokenizer = WordTokenizer.Tokenize(text);
            while (tokenizer.MoveNext())
            {
                var token = tokenizer.Current;
                ids[n] = ReferenceLanguageModel.Identify(token.Kind, tokenizer.CurrentHash);
                tokens[n++] = token;
                if (token.Kind == TokenKind.Word) words++;
            }
            if (words < Options.MinWords) return false;
            var skip = skipOpening ? OpeningToSkip(tokens.AsSpan(0, n)) : 0;
            if (skip > 0)
            {
                // Judge only what follows the opening: shift the remaining tokens onto the shortened text.
                var offset = tokens[skip].Start;
                words = 0;
                for (var i = skip; i < n; i++)
                {
                    var t = tokens[i];
                    if (t.Kind == TokenKind.Word) words++;
                    tokens[i - skip] = t with { Start = t.Start - offset };
                    ids[i - skip] = ids[i];
                }
                n -= skip;
                text = text[offset..];
            }
            ExtractTokenFeatures(text, tokens.AsSpan(0, n), ids, words, dense, ref sink);
            ExtractCharacterFeatures(text, dense, ref sink);
            return true;
        }
        finally
        {
            ArrayPool<Token>.Shared.Return(tokens);
            ArrayPool<ulong>.Shared.Return(ids);
        }
    }

    // As many opening tokens as the options ask for, but never so many that fewer than MinWords words remain.
    private int OpeningToSkip(ReadOnlySpan<Token> tokens)
    {
        var wanted = Math.Min(Options.SkipOpeningTokens, tokens.Length);
        if (wanted == 0) return 0;
        var wordsAfter = 0;
        for (var i = tokens.Length - 1; i >= wanted; i--)
            if (tokens[i].Kind == TokenKind.Word) wordsAfter++;
        var skip = wanted;
        while (skip > 0 && wordsAfter < Options.MinWords)
        {
            skip--;
            if (tokens[skip].Kind == TokenKind.Word) wordsAfter++;
        }
        return skip;
    }

    private void ExtractTokenFeatures<TSink>(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, ulong[] ids, int words, Span<double> dense, ref TSink sink)
        where TSink : struct, ISparseFeatureSink
    {
        var n = tokens.Length;
        var surprisal = ArrayPool<double>.Shared.Rent(n);
        var sentenceMeans = ArrayPool<double>.Shared.Rent(n + 1);
        var wordSlots = ArrayPool<int>.Shared.Rent(words);
        var pairs = ArrayPool<ulong>.Shared.Rent(n);
        var tags = ArrayPool<int>.Shared.Rent(n);
        var symbols = ArrayPool<ulong>.Shared.Rent(n);
        var functionClasses = ArrayPool<FunctionWordClass>.Shared.Rent(n);
        var sentenceEnds = ArrayPool<bool>.Shared.Rent(n);
        var hashed = ArrayPool<int>.Shared.Rent(MaxHashedPerToken * n);
        var spokenSurprisal = ArrayPool<double>.Shared.Rent(words);
        var types = new CountTable(words);
        var trigrams = new CountTable(n);
        try
        {
            var tokenValue = (float)(1.0 / Math.Sqrt(n));
            var spokenProfile = new SpokenProfile();

            // The token features are computed in four passes over per-token arrays, each its own method: one loop
            // doing everything had more running values than registers, and the compiler kept most of them on the stack.
            IdentifyTokens(text, tokens, ids, pairs, functionClasses, sentenceEnds);
            var reference = ReadReference(text, tokens, ids, pairs, sentenceEnds, tags, surprisal, ref spokenProfile, spokenSurprisal);
            var h = HashNgrams(text, tokens, ids, pairs, tags, functionClasses, sentenceEnds, hashed, symbols, ref trigrams, out var repeatedTrigrams);
            var lexical = CountWords(text, tokens, ids, functionClasses, sentenceEnds, surprisal, ref types, wordSlots, sentenceMeans);
            double sum = reference.Sum, sumSq = reference.SumSq, entropySum = reference.EntropySum, varianceSum = reference.VarianceSum,
                uniSum = reference.UniSum, gainSum = reference.GainSum, gainSq = reference.GainSq, stepSum = reference.StepSum;
            int oov = reference.Oov, top10 = reference.Top10, top100 = reference.Top100, top1000 = reference.Top1000, top10000 = reference.Top10000,
                succ1 = reference.Succ1, succ10 = reference.Succ10, succSeen = reference.SuccSeen;
            var sentences = lexical.Sentences;
            double sentenceLengthSum = lexical.SentenceLengthSum, sentenceLengthSq = lexical.SentenceLengthSq;
            int function = lexical.Function, firstPerson = lexical.FirstPerson, secondPerson = lexical.SecondPerson, articles = lexical.Articles,
                capitalized = lexical.Capitalized;
            double wordLengthSum = lexical.WordLengthSum, wordLengthSq = lexical.WordLengthSq;
            int comma = lexical.Comma, period = lexical.Period, question = lexical.Question, exclamation = lexical.Exclamation, colon = lexical.Colon,
                quote = lexical.Quote, apostrophe = lexical.Apostrophe, paren = lexical.Paren, dash = lexical.Dash;

            sink.Add(hashed.AsSpan(0, h), tokenValue);

            // Moving-average type-token ratio over windows of 50 words. Each word's slot in the type table names
            // it, so the window counts live in a plain array: no second hash table.
            double mattr;
            if (words < MattrWindow) mattr = (double)types.Distinct / words;
            else
            {
                var window = ArrayPool<int>.Shared.Rent(types.Capacity);
                Array.Clear(window, 0, types.Capacity);
                double acc = 0;
                var distinct = 0;
                for (var i = 0; i < words; i++)
                {
                    distinct += window[wordSlots[i]]++ == 0 ? 1 : 0;
                    if (i >= MattrWindow) distinct -= --window[wordSlots[i - MattrWindow]] == 0 ? 1 : 0;
                    if (i >= MattrWindow - 1) acc += (double)distinct / MattrWindow;
                }
                mattr = acc / (words - MattrWindow + 1);
                ArrayPool<int>.Shared.Return(window);
            }
            var (hapax, squares) = types.Spectrum();

            var mean = sum / n;
            var sentenceMeanSpan = sentenceMeans.AsSpan(0, sentences);
            var sentenceLengthMean = sentenceLengthSum / sentences;

            var k = 0;
            dense[k++] = Math.Log(text.Length + 1);
            dense[k++] = Math.Log(n + 1);
            dense[k++] = mean;
            dense[k++] = Std(sum, sumSq, n);
            WriteQuantiles(surprisal.AsSpan(0, n), dense.Slice(k, QuantileLevels.Length));
            k += QuantileLevels.Length;
            dense[k++] = uniSum / n;
            dense[k++] = gainSum / n;
            dense[k++] = Std(gainSum, gainSq, n);
            dense[k++] = (entropySum - sum) / Math.Sqrt(Math.Max(varianceSum, 1e-9));
            dense[k++] = sum / Math.Max(entropySum, 1e-9);
            dense[k++] = entropySum / n;
            dense[k++] = (double)oov / n;
            dense[k++] = (double)top10 / n;
            dense[k++] = (double)top100 / n;
            dense[k++] = (double)top1000 / n;
            dense[k++] = (double)top10000 / n;
            dense[k++] = (double)succ1 / n;
            dense[k++] = (double)succ10 / n;
            dense[k++] = (double)succSeen / n;
            dense[k++] = sentenceLengthMean;
            dense[k++] = Std(sentenceLengthSum, sentenceLengthSq, sentences) / sentenceLengthMean;
            dense[k++] = StdOf(sentenceMeanSpan);
            dense[k++] = RangeOf(sentenceMeanSpan);
            dense[k++] = n > 1 ? stepSum / (n - 1) : 0;
            dense[k++] = (double)types.Distinct / words;
            dense[k++] = mattr;
            dense[k++] = (double)hapax / types.Distinct;
            dense[k++] = 1e4 * (squares - words) / ((double)words * words);
            dense[k++] = n > 2 ? (double)repeatedTrigrams / (n - 2) : 0;
            k++; // repeated_char8 is filled by the character pass
            dense[k++] = (double)function / words;
            dense[k++] = (double)firstPerson / words;
            dense[k++] = (double)secondPerson / words;
            dense[k++] = (double)articles / words;
            dense[k++] = (double)comma / words;
            dense[k++] = (double)period / words;
            dense[k++] = (double)question / words;
            dense[k++] = (double)exclamation / words;
            dense[k++] = (double)colon / words;
            dense[k++] = (double)quote / words;
            dense[k++] = (double)apostrophe / words;
            dense[k++] = (double)paren / words;
            dense[k++] = (double)dash / words;
            k += 2; // digit_share, uppercase_share: character pass
            dense[k++] = (double)capitalized / words;
            var wordLengthMean = wordLengthSum / words;
            dense[k++] = wordLengthMean;
            dense[k++] = Std(wordLengthSum, wordLengthSq, words);

            spokenProfile.Write(dense[k..], spokenSurprisal);
            TrigramProfile.Write(_trigram, tokens, ids, dense[TrigramStart..]);
            SyntaxProfile.Write(_syntax, symbols.AsSpan(0, n), sentenceEnds.AsSpan(0, n), dense[SyntaxStart..]);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(surprisal);
            ArrayPool<double>.Shared.Return(sentenceMeans);
            ArrayPool<int>.Shared.Return(wordSlots);
            ArrayPool<ulong>.Shared.Return(pairs);
            ArrayPool<int>.Shared.Return(tags);
            ArrayPool<ulong>.Shared.Return(symbols);
            ArrayPool<FunctionWordClass>.Shared.Return(functionClasses);
            ArrayPool<bool>.Shared.Return(sentenceEnds);
            ArrayPool<int>.Shared.Return(hashed);
            ArrayPool<double>.Shared.Return(spokenSurprisal);
            types.Dispose();
            trigrams.Dispose();
        }
    }

    // Pass 1 (the identities came with the tokens): bigram keys (previous word, or the sentence start, then this
    // word), function-word classes and sentence ends, so the reference tables can be asked a few tokens ahead and
    // each key is hashed once.
    [MethodImpl(MethodImplOptions.NoInlining)] // its own register allocation; see ExtractTokenFeatures
    private static void IdentifyTokens(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, ulong[] ids, ulong[] pairs,
        FunctionWordClass[] functionClasses, bool[] sentenceEnds)
    {
        var n = tokens.Length;
        var previous = TokenHasher.SentenceStart;
        for (var i = 0; i < n; i++)
        {
            var token = tokens[i];
            var id = ids[i];
            pairs[i] = ReferenceLanguageModel.BigramKey(previous, id);
            functionClasses[i] = token.Kind == TokenKind.Word ? FunctionWords.ClassOf(id) : FunctionWordClass.None;
            var ends = EndsSentence(token, text);
            sentenceEnds[i] = ends;
            previous = ends ? TokenHasher.SentenceStart : id;
        }
    }

    private struct ReferenceTotals
    {
        public double Sum, SumSq, EntropySum, VarianceSum, UniSum, GainSum, GainSq, StepSum;
        public int Oov, Top10, Top100, Top1000, Top10000, Succ1, Succ10, SuccSeen;
    }

    // Pass 2: the reference model's view of each token. Three loops: the lookups, the logarithms, the sums; the
    // loops without a call keep their running values in registers (a call clobbers every vector register).
    [MethodImpl(MethodImplOptions.NoInlining)] // its own register allocation; see ExtractTokenFeatures
    private ReferenceTotals ReadReference(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, ulong[] ids, ulong[] pairs, bool[] sentenceEnds,
        int[] tags, double[] surprisal, ref SpokenProfile spokenProfile, double[] spokenSurprisal)
    {
        var n = tokens.Length;
        var unigramLogProbs = ArrayPool<double>.Shared.Rent(n);
        double entropySum = 0, varianceSum = 0;
        int oov = 0, top10 = 0, top100 = 0, top1000 = 0, top10000 = 0, succ1 = 0, succ10 = 0, succSeen = 0;
        var context = _reference.SentenceStart;
        for (var i = 0; i < n; i++)
        {
            if (i + PrefetchDistance < n) _reference.Prefetch(ids[i + PrefetchDistance], pairs[i + PrefetchDistance]);
            if (i > 0 && sentenceEnds[i - 1]) context = _reference.SentenceStart;
            var evidence = _reference.NextBeforeLogarithm(ref context, ids[i], pairs[i]);
            tags[i] = evidence.Tag;
            surprisal[i] = evidence.BigramProbability; // the logarithm follows below
            unigramLogProbs[i] = evidence.UnigramLogProb;
            entropySum += evidence.ContextEntropy;
            varianceSum += evidence.ContextVariance;

            // Counted without branches: rank buckets and successor ranks vary from token to token with no
            // pattern a branch predictor could learn.
            var rank = evidence.UnigramRank;
            oov += rank == 0 ? 1 : 0;
            top10 += (uint)(rank - 1) < 10 ? 1 : 0;
            top100 += (uint)(rank - 1) < 100 ? 1 : 0;
            top1000 += (uint)(rank - 1) < 1000 ? 1 : 0;
            top10000 += (uint)(rank - 1) < 10000 ? 1 : 0;
            var successor = evidence.SuccessorRank;
            succSeen += successor > 0 ? 1 : 0;
            succ10 += (uint)(successor - 1) < 10 ? 1 : 0;
            succ1 += successor == 1 ? 1 : 0;
        }
        for (var i = 0; i < n; i++) surprisal[i] = -Math.Log(surprisal[i]);

        double sum = 0, sumSq = 0, uniSum = 0, gainSum = 0, gainSq = 0, stepSum = 0;
        var lastSurprisal = 0.0;
        for (var i = 0; i < n; i++)
        {
            var s = surprisal[i];
            sum += s;
            sumSq += s * s;
            var gain = -unigramLogProbs[i] - s;
            uniSum -= unigramLogProbs[i];
            gainSum += gain;
            gainSq += gain * gain;
            if (i > 0) stepSum += Math.Abs(s - lastSurprisal);
            lastSurprisal = s;
        }

        if (_spoken.Count > 0)
        {
            for (var i = 0; i < n; i++)
                if (tokens[i].Kind == TokenKind.Word)
                    spokenProfile.Add(SpokenEvidenceOf(ids[i], tokens[i].In(text)), -unigramLogProbs[i], surprisal[i], spokenSurprisal);
        }
        ArrayPool<double>.Shared.Return(unigramLogProbs);
        return new ReferenceTotals
        {
            Sum = sum, SumSq = sumSq, EntropySum = entropySum, VarianceSum = varianceSum, UniSum = uniSum, GainSum = gainSum, GainSq = gainSq,
            StepSum = stepSum, Oov = oov, Top10 = top10, Top100 = top100, Top1000 = top1000, Top10000 = top10000, Succ1 = succ1, Succ10 = succ10,
            SuccSeen = succSeen,
        };
    }

    // Pass 3: hashed word and syntax n-grams (in the order the model was trained with), the topic-masked symbols the
    // syntax reference reads, and repeated word trigrams.
    [MethodImpl(MethodImplOptions.NoInlining)] // its own register allocation; see ExtractTokenFeatures
    private int HashNgrams(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, ulong[] ids, ulong[] pairs, int[] tags,
        FunctionWordClass[] functionClasses, bool[] sentenceEnds, int[] hashed, ulong[] symbols, ref CountTable trigrams, out int repeatedTrigrams)
    {
        var n = tokens.Length;
        var h = 0;
        var syntaxMax = Options.SyntaxNgramMax;
        var wantsSymbols = syntaxMax > 0 || _syntax is not null;
        ulong syntax1 = 0, syntaxPair = 0, syntaxTriple = 0, wordPair = 0;
        var repeated = 0;
        for (var i = 0; i < n; i++)
        {
            var token = tokens[i];
            var id = ids[i];
            var pair = pairs[i];
            if (Options.WordUnigrams) hashed[h++] = Bucket(id ^ SaltWordUnigram);
            if (Options.WordBigrams) hashed[h++] = Bucket(pair ^ SaltWordBigram);

            if (wantsSymbols)
            {
                // Each longer syntax n-gram key extends the previous token's shorter one: one combine per order.
                // Content words become their tag, the rest stay themselves. Content or not is a coin toss, so the
                // choice is a mask, not a branch; only a content word the reference never tagged takes a branch.
                var isContentWord = token.Kind == TokenKind.Word & functionClasses[i] == FunctionWordClass.None;
                var tag = tags[i];
                if (tag < 0 && isContentWord) tag = _reference.Tags.Guess(token.In(text));
                var contentMask = isContentWord ? ulong.MaxValue : 0;
                var symbol = (_tagSymbols[tag + 1] & contentMask) | (id & ~contentMask);
                symbols[i] = symbol;
                ulong symbolPair = 0, symbolTriple = 0;
                if (syntaxMax >= 1) hashed[h++] = Bucket(symbol ^ SaltSyntax);
                if (syntaxMax >= 2 && i >= 1) hashed[h++] = Bucket((symbolPair = TokenHasher.Combine(syntax1, symbol)) ^ SaltSyntax);
                if (syntaxMax >= 3 && i >= 2) hashed[h++] = Bucket((symbolTriple = TokenHasher.Combine(syntaxPair, symbol)) ^ SaltSyntax);
                if (syntaxMax >= 4 && i >= 3) hashed[h++] = Bucket(TokenHasher.Combine(syntaxTriple, symbol) ^ SaltSyntax);
                syntaxTriple = symbolTriple;
                syntaxPair = symbolPair;
                syntax1 = symbol;
            }

            // Word trigrams run across sentence ends; the bigram key is reused unless a sentence just started.
            var trigramPrefix = wordPair;
            wordPair = i > 0 && sentenceEnds[i - 1] ? TokenHasher.Combine(ids[i - 1], id) : pair;
            if (i >= 2) repeated += trigrams.Increment(TokenHasher.Combine(trigramPrefix, id)) > 1 ? 1 : 0;
        }
        repeatedTrigrams = repeated;
        return h;
    }

    private struct LexicalTotals
    {
        public int Sentences, Function, FirstPerson, SecondPerson, Articles, Capitalized;
        public int Comma, Period, Question, Exclamation, Colon, Quote, Apostrophe, Paren, Dash;
        public double SentenceLengthSum, SentenceLengthSq, WordLengthSum, WordLengthSq;
    }

    // Pass 4: words, punctuation and sentences.
    [MethodImpl(MethodImplOptions.NoInlining)] // its own register allocation; see ExtractTokenFeatures
    private static LexicalTotals CountWords(ReadOnlySpan<char> text, ReadOnlySpan<Token> tokens, ulong[] ids, FunctionWordClass[] functionClasses,
        bool[] sentenceEnds, double[] surprisal, ref CountTable types, int[] wordSlots, double[] sentenceMeans)
    {
        var n = tokens.Length;
        var w = 0;
        int sentences = 0, sentenceLength = 0;
        double sentenceSum = 0, sentenceLengthSum = 0, sentenceLengthSq = 0;
        int function = 0, firstPerson = 0, secondPerson = 0, articles = 0, capitalized = 0;
        double wordLengthSum = 0, wordLengthSq = 0;
        int comma = 0, period = 0, question = 0, exclamation = 0, colon = 0, quote = 0, apostrophe = 0, paren = 0, dash = 0;
        for (var i = 0; i < n; i++)
        {
            var token = tokens[i];
            sentenceLength++;
            sentenceSum += surprisal[i];
            if (token.Kind == TokenKind.Word)
            {
                types.Increment(ids[i], out wordSlots[w++]);
                var functionClass = functionClasses[i];
                function += functionClass != FunctionWordClass.None ? 1 : 0;
                firstPerson += functionClass == FunctionWordClass.FirstPerson ? 1 : 0;
                secondPerson += functionClass == FunctionWordClass.SecondPerson ? 1 : 0;
                articles += functionClass == FunctionWordClass.Article ? 1 : 0;
                var first = text[token.Start];
                capitalized += char.IsUpper(first) ? 1 : 0;
                wordLengthSum += token.Length;
                wordLengthSq += (double)token.Length * token.Length;
            }
            else if (token.Kind == TokenKind.Punctuation)
            {
                switch (TokenHasher.Fold(text[token.Start]))
                {
                    case ',': comma++; break;
                    case '.': period++; break;
                    case '?': question++; break;
                    case '!': exclamation++; break;
                    case ':' or ';': colon++; break;
                    case '"': quote++; break;
                    case '\'': apostrophe++; break;
                    case '(' or ')': paren++; break;
                    case '-' or '\u2013' or '\u2014': dash++; break;
                }
            }

            if (sentenceEnds[i] || i == n - 1)
            {
                sentenceMeans[sentences++] = sentenceSum / sentenceLength;
                sentenceLengthSum += sentenceLength;
                sentenceLengthSq += (double)sentenceLength * sentenceLength;
                sentenceLength = 0;
                sentenceSum = 0;
            }
        }
        return new LexicalTotals
        {
            Sentences = sentences, Function = function, FirstPerson = firstPerson, SecondPerson = secondPerson, Articles = articles,
            Capitalized = capitalized, Comma = comma, Period = period, Question = question, Exclamation = exclamation, Colon = colon,
            Quote = quote, Apostrophe = apostrophe, Paren = paren, Dash = dash, SentenceLengthSum = sentenceLengthSum,
            SentenceLengthSq = sentenceLengthSq, WordLengthSum = wordLengthSum, WordLengthSq = wordLengthSq,
        };
    }

    private static readonly int RepeatedChar8Index = IndexOf("repeated_char8");
    private static readonly int DigitShareIndex = IndexOf("digit_share");
    private static readonly int UppercaseShareIndex = IndexOf("uppercase_share");
    private static readonly int TrigramStart = IndexOf("trigram_surprisal_mean");
    private static readonly int SyntaxStart = IndexOf("syntax_surprisal_mean");

    [MethodImpl(MethodImplOptions.NoInlining)] // its own register allocation; see ExtractTokenFeatures
    private void ExtractCharacterFeatures<TSink>(ReadOnlySpan<char> text, Span<double> dense, ref TSink sink)
        where TSink : struct, ISparseFeatureSink
    {
        int min = Options.CharNgramMin, max = Options.CharNgramMax;
        var folded = ArrayPool<char>.Shared.Rent(text.Length);
        var buckets = ArrayPool<int>.Shared.Rent(min == 0 ? 1 : (max - min + 1) * (text.Length + 1));
        try
        {
            var n = CharacterProfile.Fold(text, folded, out var counts);
            var chars = folded.AsSpan(0, n);
            var repeated = CharacterProfile.CountRepeatedWindows(chars);
            if (min > 0)
            {
                var h = CharacterProfile.HashNgrams(chars, min, max, _shift, buckets);
                if (h > 0) sink.Add(buckets.AsSpan(0, h), (float)(1.0 / Math.Sqrt(Math.Max(1, text.Length))));
            }
            dense[RepeatedChar8Index] = n > 8 ? (double)repeated / (n - 7) : 0;
            dense[DigitShareIndex] = n > 0 ? (double)counts.Digits / n : 0;
            dense[UppercaseShareIndex] = counts.Letters > 0 ? (double)counts.Upper / counts.Letters : 0;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(folded);
            ArrayPool<int>.Shared.Return(buckets);
        }
    }

    // The sentence boundaries of the reference model and of the burstiness statistics: . ? ! (typographic forms folded).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool EndsSentence(Token token, ReadOnlySpan<char> text)
    {
        if (token.Kind != TokenKind.Punctuation) return false;
        var c = TokenHasher.Fold(text[token.Start]);
        return c is '.' or '?' or '!';
    }

    // The spoken list splits contractions ("don't" -> "don" + "t"): fall back to the part before the apostrophe.
    private SpokenEvidence SpokenEvidenceOf(ulong id, ReadOnlySpan<char> word)
    {
        var evidence = _spoken.Lookup(id);
        if (evidence.Rank != 0) return evidence;
        var apostrophe = word.IndexOfAny('\'', '\u2019');
        return apostrophe > 0 ? _spoken.Lookup(TokenHasher.Hash(word[..apostrophe])) : evidence;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Bucket(ulong key) => TokenHasher.Bucket(key, _shift);

    private static int IndexOf(string name)
    {
        for (var i = 0; i < DenseFeatureLayout.Count; i++)
            if (DenseFeatureLayout.Features[i].Name == name) return i;
        throw new InvalidOperationException($"Dense feature {name} missing from the layout.");
    }

    internal static double Std(double sum, double sumSq, int n)
    {
        if (n < 2) return 0;
        var mean = sum / n;
        return Math.Sqrt(Math.Max(0, sumSq / n - mean * mean));
    }

    private static double StdOf(ReadOnlySpan<double> values)
    {
        double sum = 0, sq = 0;
        foreach (var v in values) { sum += v; sq += v * v; }
        return Std(sum, sq, values.Length);
    }

    private static double RangeOf(ReadOnlySpan<double> values)
    {
        if (values.Length == 0) return 0;
        double lo = values[0], hi = values[0];
        foreach (var v in values) { lo = Math.Min(lo, v); hi = Math.Max(hi, v); }
        return hi - lo;
    }

    // Kept out of ExtractTokenFeatures: a method with stackalloc cannot be recompiled mid-loop (on-stack
    // replacement), so the runtime would compile that hot method once without profile data.
    internal static void WriteQuantiles(ReadOnlySpan<double> values, Span<double> into)
    {
        Span<int> ranks = stackalloc int[QuantileLevels.Length];
        for (var q = 0; q < QuantileLevels.Length; q++) ranks[q] = (int)(QuantileLevels[q] * (values.Length - 1));
        OrderStatistics.Select(values, ranks, into);
    }

    // Surprisal quantiles, in the order of the dense layout (surprisal_q10 .. surprisal_q90, and the trigram reference's).
    internal static ReadOnlySpan<double> QuantileLevels => [0.10, 0.25, 0.50, 0.75, 0.90];
}
