namespace ProvenanceGuard.Provenance.Exports;

/// <summary>Where a release input lives, as the export formats name it: an http(s) object by its URL, a local file by its file URI.</summary>
public static class InputLocation
{
    public static Uri Of(string path) =>
        Uri.TryCreate(path, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : new Uri(Path.GetFullPath(path));

    /// <summary>The OpenLineage dataset naming: namespace "file" and the path, or "scheme://host:port" and the URL's path.</summary>
    public static (string Namespace, string Name) OpenLineageDataset(string path)
    {
        var uri = Of(path);
        return uri.IsFile ? ("file", uri.LocalPath) : ($"{uri.Scheme}://{uri.Authority}", uri.AbsolutePath);
    }
}
