using System.Security.Cryptography;
using ProvenanceGuard.Ingestion;
using ProvenanceGuard.Ingestion.Readers;

namespace ProvenanceGuard.Provenance;

/// <summary>SHA-256 digests of inputs: a file's bytes; for a folder of .txt files, each relative path and file digest in order.</summary>
public static class FileDigest
{
    public static string Of(InputFile input)
    {
        if (input.Remote is { } remote) return remote.Digest(new Uri(input.Path));
        if (input.Format != InputFormat.TextFolder) return OfFile(input.Path);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var relative in TextFolderReader.ListFiles(input.Path))
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{relative}\t{OfFile(Path.Combine(input.Path, relative))}\n"));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <remarks>The same digest a run builds along its reads, with nothing read yet.</remarks>
    public static string OfFile(string path)
    {
        using var digest = new ReadAlongDigest(path);
        return digest.Complete();
    }
}
