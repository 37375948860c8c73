using System.Collections.Frozen;
using ProvenanceGuard.Detection.Reference;
using ProvenanceGuard.Detection.Tokenization;

namespace ProvenanceGuard.Detection.Features;

/// <summary>Closed-class English words whose rates profile style independently of topic.</summary>
internal static class FunctionWords
{
    private static readonly string[] Words =
    [
        "a", "an", "the", "and", "or", "but", "nor", "so", "yet", "if", "then", "than", "because", "as", "while",
        "of", "in", "on", "at", "by", "for", "with", "about", "against", "between", "into", "through", "during",
        "before", "after", "above", "below", "to", "from", "up", "down", "out", "off", "over", "under", "again",
        "further", "once", "here", "there", "when", "where", "why", "how", "all", "any", "both", "each", "few",
        "more", "most", "other", "some", "such", "no", "not", "only", "own", "same", "too", "very", "can", "will",
        "just", "should", "would", "could", "might", "must", "shall", "may", "is", "are", "was", "were", "be",
        "been", "being", "have", "has", "had", "having", "do", "does", "did", "doing", "i", "me", "my", "mine",
        "myself", "we", "us", "our", "ours", "you", "your", "yours", "yourself", "he", "him", "his", "she", "her",
        "hers", "it", "its", "they", "them", "their", "theirs", "this", "that", "these", "those", "what", "which",
        "who", "whom", "whose", "also", "however", "although", "though", "whether", "until", "unless", "since",
    ];

    public static readonly FrozenSet<ulong> All = Words.Select(w => TokenHasher.Hash(w)).ToFrozenSet();
    public static readonly FrozenSet<ulong> FirstPerson = new[] { "i", "me", "my", "mine", "myself", "we", "us", "our", "ours" }.Select(w => TokenHasher.Hash(w)).ToFrozenSet();
    public static readonly FrozenSet<ulong> SecondPerson = new[] { "you", "your", "yours", "yourself" }.Select(w => TokenHasher.Hash(w)).ToFrozenSet();
    public static readonly FrozenSet<ulong> Articles = new[] { "a", "an", "the" }.Select(w => TokenHasher.Hash(w)).ToFrozenSet();

    /// <summary>Every function word with its class, for one lookup per token on the scoring path.</summary>
    private static readonly UInt64Map<FunctionWordClass> Classes = new(All.Select(id => KeyValuePair.Create(id,
        FirstPerson.Contains(id) ? FunctionWordClass.FirstPerson
        : SecondPerson.Contains(id) ? FunctionWordClass.SecondPerson
        : Articles.Contains(id) ? FunctionWordClass.Article
        : FunctionWordClass.Other)).ToList());

    /// <summary>The word's function-word class; <see cref="FunctionWordClass.None"/> for content words.</summary>
    public static FunctionWordClass ClassOf(ulong id) => Classes.GetValueOrDefault(id); // absent: default = None
}

/// <summary>Which kind of function word a token is (None = a content word).</summary>
internal enum FunctionWordClass : byte { None, Other, FirstPerson, SecondPerson, Article }
