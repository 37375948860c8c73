using System.Text;

namespace ProvenanceGuard.Generation;

/// <summary>Turns Brown-style tokens ("He said , `` no '' .") back into running text ("He said, \"no\".").</summary>
public static class Detokenizer
{
    private static readonly HashSet<string> AttachLeft = [".", ",", ";", ":", "!", "?", ")", "]", "''", "'", "%", "n't", "'s"];
    private static readonly HashSet<string> AttachRight = ["(", "[", "``", "$"];

    public static void Append(StringBuilder text, IReadOnlyList<string> tokens)
    {
        var glueNext = false;
        foreach (var token in tokens)
        {
            var word = token switch { "``" or "''" => "\"", "--" => "—", _ => token };
            if (text.Length > 0 && !glueNext && !AttachLeft.Contains(token) && text[^1] != '\n') text.Append(' ');
            text.Append(word);
            glueNext = AttachRight.Contains(token);
        }
    }

    public static string Join(IReadOnlyList<string> tokens)
    {
        var text = new StringBuilder();
        Append(text, tokens);
        return text.ToString();
    }
}
