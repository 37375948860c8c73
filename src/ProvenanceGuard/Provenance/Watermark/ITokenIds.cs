namespace ProvenanceGuard.Provenance.Watermark;

/// <summary>Turns text into the token ids a watermark is checked over: our word ids, or a lab's BPE ranks.</summary>
public interface ITokenIds
{
    IReadOnlyList<ulong> Of(string text);
}

/// <summary>The default token ids: <see cref="WordIds"/> (words and numbers of the word tokenizer, hashed).</summary>
public sealed class WordTokenIds : ITokenIds
{
    public IReadOnlyList<ulong> Of(string text) => WordIds.Of(text);
}
