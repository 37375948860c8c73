namespace ProvenanceGuard.Detection.Features;

/// <summary>The per-text dense features, in order, each with the signal group it belongs to (for ablations).</summary>
public static class DenseFeatureLayout
{
    public static readonly IReadOnlyList<(string Name, string Group)> Features =
    [
        ("log_chars", "length"), ("log_tokens", "length"),
        ("surprisal_mean", "surprisal"), ("surprisal_std", "surprisal"), ("surprisal_q10", "surprisal"),
        ("surprisal_q25", "surprisal"), ("surprisal_q50", "surprisal"), ("surprisal_q75", "surprisal"),
        ("surprisal_q90", "surprisal"), ("unigram_surprisal_mean", "surprisal"), ("context_gain_mean", "surprisal"),
        ("context_gain_std", "surprisal"),
        ("curvature_z", "curvature"), ("surprisal_entropy_ratio", "curvature"), ("context_entropy_mean", "curvature"),
        ("oov_share", "gltr"), ("rank_top10", "gltr"), ("rank_top100", "gltr"), ("rank_top1000", "gltr"),
        ("rank_top10000", "gltr"), ("successor_top1", "gltr"), ("successor_top10", "gltr"), ("successor_seen", "gltr"),
        ("sentence_length_mean", "burstiness"), ("sentence_length_cv", "burstiness"),
        ("sentence_surprisal_std", "burstiness"), ("sentence_surprisal_range", "burstiness"),
        ("surprisal_step_mean", "burstiness"),
        ("type_token_ratio", "diversity"), ("mattr50", "diversity"), ("hapax_share", "diversity"), ("yules_k", "diversity"),
        ("repeated_word_trigrams", "repetition"), ("repeated_char8", "repetition"),
        ("function_word_share", "function_words"), ("first_person_share", "function_words"),
        ("second_person_share", "function_words"), ("article_share", "function_words"),
        ("comma_rate", "punctuation"), ("period_rate", "punctuation"), ("question_rate", "punctuation"),
        ("exclamation_rate", "punctuation"), ("colon_semicolon_rate", "punctuation"), ("quote_rate", "punctuation"),
        ("apostrophe_rate", "punctuation"), ("paren_rate", "punctuation"), ("dash_rate", "punctuation"),
        ("digit_share", "punctuation"), ("uppercase_share", "punctuation"), ("capitalized_word_share", "punctuation"),
        ("word_length_mean", "punctuation"), ("word_length_std", "punctuation"),
        ("spoken_surprisal_mean", "spoken_reference"), ("spoken_surprisal_std", "spoken_reference"),
        ("spoken_surprisal_q50", "spoken_reference"), ("spoken_surprisal_q90", "spoken_reference"),
        ("spoken_rare_tail_mean", "spoken_reference"), ("spoken_oov_share", "spoken_reference"),
        ("spoken_top100", "spoken_reference"), ("spoken_top1000", "spoken_reference"), ("spoken_top10000", "spoken_reference"),
        ("register_gap_mean", "reference_contrast"), ("register_gap_std", "reference_contrast"),
        ("bigram_over_spoken", "reference_contrast"),
        ("trigram_surprisal_mean", "trigram_reference"), ("trigram_surprisal_std", "trigram_reference"),
        ("trigram_surprisal_q10", "trigram_reference"), ("trigram_surprisal_q25", "trigram_reference"),
        ("trigram_surprisal_q50", "trigram_reference"), ("trigram_surprisal_q75", "trigram_reference"),
        ("trigram_surprisal_q90", "trigram_reference"), ("trigram_unigram_surprisal_mean", "trigram_reference"),
        ("trigram_context_gain_mean", "trigram_reference"), ("trigram_context_gain_std", "trigram_reference"),
        ("trigram_oov_share", "trigram_reference"), ("trigram_over_unigram", "trigram_reference"),
        ("trigram_step_mean", "trigram_reference"),
        ("syntax_surprisal_mean", "syntax_reference"), ("syntax_surprisal_std", "syntax_reference"),
        ("syntax_surprisal_q10", "syntax_reference"), ("syntax_surprisal_q25", "syntax_reference"),
        ("syntax_surprisal_q50", "syntax_reference"), ("syntax_surprisal_q75", "syntax_reference"),
        ("syntax_surprisal_q90", "syntax_reference"), ("syntax_context_gain_mean", "syntax_reference"),
    ];

    public static int Count => Features.Count;

    /// <summary>The position of the feature named <paramref name="name"/>; a data error when there is none.</summary>
    public static int IndexOf(string name)
    {
        for (var f = 0; f < Count; f++)
            if (Features[f].Name == name) return f;
        throw new InvalidDataException($"No dense feature named '{name}'.");
    }

    /// <summary>The signal group computed from the trigram reference; zero without one.</summary>
    public const string TrigramGroup = "trigram_reference";

    /// <summary>The signal group computed from the syntax reference; zero without one. Last in the layout.</summary>
    public const string SyntaxGroup = "syntax_reference";

    /// <summary>The features a model with neither the trigram nor the syntax reference has: the layout of every model before 2.3.0.</summary>
    public static int CountWithoutTrigram { get; } = Features.Count(f => f.Group != TrigramGroup && f.Group != SyntaxGroup);

    /// <summary>The features a model without the syntax reference has: the layout of 2.3.0.</summary>
    public static int CountWithoutSyntax { get; } = Features.Count(f => f.Group != SyntaxGroup);

    public static IReadOnlyList<string> Groups { get; } = Features.Select(f => f.Group).Distinct().ToList();
}
