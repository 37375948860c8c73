namespace ProvenanceGuard.Detection.Data;

/// <summary>One evaluation or training example: a text, whether a machine wrote it, and its other fields (domain, generator, group, ...).</summary>
public sealed record LabelledText(string Text, bool IsMachine, IReadOnlyDictionary<string, string> Fields)
{
    public string Field(string name) => Fields.TryGetValue(name, out var value) ? value : "";
}
