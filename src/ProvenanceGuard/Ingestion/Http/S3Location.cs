namespace ProvenanceGuard.Ingestion.Http;

/// <summary>
/// An <c>s3://bucket/key</c> source path: one object, or a glob (<c>*</c> or <c>?</c>, never across a '/') over the keys
/// under a prefix. Resolved against an S3-compatible endpoint's base URL with path-style addressing
/// (<c>{endpoint}/{bucket}/{key}</c>), so any S3 API server on plain HTTP serves it.
/// </summary>
public sealed record S3Location(string Bucket, string Key)
{
    public static bool IsS3(string path) => path.StartsWith("s3://", StringComparison.OrdinalIgnoreCase);

    public static S3Location Parse(string path, string sourceName)
    {
        var rest = path["s3://".Length..];
        var slash = rest.IndexOf('/');
        if (slash <= 0 || slash == rest.Length - 1)
            throw new ConfigurationException($"source '{sourceName}': {path}: expected s3://bucket/key (a key may end in a glob such as part-*.jsonl.zst)");
        return new S3Location(rest[..slash], rest[(slash + 1)..]);
    }

    public bool IsGlob => Key.AsSpan().IndexOfAny('*', '?') >= 0;

    /// <summary>The key's part before its first wildcard: what the bucket listing is asked for.</summary>
    public string ListPrefix => IsGlob ? Key[..Key.AsSpan().IndexOfAny('*', '?')] : Key;

    public bool Matches(string key) => Glob(Key.AsSpan(), key.AsSpan());

    /// <summary>The object's URL under <paramref name="endpoint"/>, each key segment escaped.</summary>
    public static Uri ObjectUrl(Uri endpoint, string bucket, string key) =>
        new($"{endpoint.AbsoluteUri.TrimEnd('/')}/{Uri.EscapeDataString(bucket)}/{string.Join('/', key.Split('/').Select(Uri.EscapeDataString))}");

    public override string ToString() => $"s3://{Bucket}/{Key}";

    private static bool Glob(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        if (pattern.IsEmpty) return text.IsEmpty;
        if (pattern[0] == '*')
        {
            for (var i = 0; i <= text.Length; i++)
            {
                if (Glob(pattern[1..], text[i..])) return true;
                if (i < text.Length && text[i] == '/') return false;
            }
            return false;
        }
        return !text.IsEmpty && (pattern[0] == '?' ? text[0] != '/' : pattern[0] == text[0]) && Glob(pattern[1..], text[1..]);
    }
}
