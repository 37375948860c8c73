using System.Text.RegularExpressions;

namespace ProvenanceGuard.Provenance.Fusion;

/// <summary>
/// A source rule: a bare domain ("example.com") matches that host and its subdomains; anything with '/' or '*'
/// is a URL pattern where '*' stands for any run of characters ("https://*.example.com/ai/*"). Case-insensitive.
/// </summary>
public sealed class SourcePattern
{
    private readonly string? _domain;
    private readonly Regex? _url;

    public SourcePattern(string pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern)) throw new ConfigurationException("source pattern: must not be empty");
        Text = pattern.Trim();
        if (Text.Contains('/') || Text.Contains('*'))
            _url = new Regex("^" + Regex.Escape(Text).Replace("\\*", ".*") + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        else _domain = Text.TrimStart('.').ToLowerInvariant();
    }

    public string Text { get; }

    /// <summary>Whether a record's source (a URL, or a bare host name) falls under this pattern.</summary>
    public bool Matches(string? source)
    {
        if (string.IsNullOrWhiteSpace(source)) return false;
        if (_url is not null) return _url.IsMatch(source);
        var host = Uri.TryCreate(source, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Host) ? uri.Host : source.Split('/')[0];
        host = host.ToLowerInvariant();
        return host == _domain || host.EndsWith("." + _domain, StringComparison.Ordinal);
    }
}
