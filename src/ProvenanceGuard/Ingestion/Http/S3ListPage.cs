using System.Xml;
using System.Xml.Linq;

namespace ProvenanceGuard.Ingestion.Http;

/// <summary>One page of an S3 ListObjectsV2 answer: its keys and, when truncated, the token for the next page.</summary>
public sealed record S3ListPage(IReadOnlyList<string> Keys, string? NextContinuationToken)
{
    public static S3ListPage Parse(byte[] body, Uri url)
    {
        XDocument document;
        try
        {
            using var stream = new MemoryStream(body);
            document = XDocument.Load(stream, LoadOptions.None);
        }
        catch (XmlException e)
        {
            throw new InvalidDataException($"{url}: not an S3 ListObjectsV2 answer (line {e.LineNumber}, position {e.LinePosition}: {e.Message})", e);
        }
        var root = document.Root!;
        if (root.Name.LocalName != "ListBucketResult")
            throw new InvalidDataException($"{url}: not an S3 ListObjectsV2 answer (root element <{root.Name.LocalName}>)");
        // Element names are matched without the namespace: servers differ in whether they declare S3's.
        string? Child(XElement e, string name) => e.Elements().FirstOrDefault(c => c.Name.LocalName == name)?.Value;
        var keys = root.Elements().Where(e => e.Name.LocalName == "Contents").Select(c => Child(c, "Key"))
            .Where(k => !string.IsNullOrEmpty(k)).Select(k => k!).ToList();
        var truncated = string.Equals(Child(root, "IsTruncated"), "true", StringComparison.OrdinalIgnoreCase);
        var next = Child(root, "NextContinuationToken");
        if (truncated && string.IsNullOrEmpty(next))
            throw new InvalidDataException($"{url}: the listing is truncated but gives no NextContinuationToken");
        return new S3ListPage(keys, truncated ? next : null);
    }
}
