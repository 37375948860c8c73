namespace ProvenanceGuard;

/// <summary>
/// Finds the project's shipped resources (models/, pipelines/, corpora/) from wherever the tool runs: a path
/// that is not absolute is looked up in the working directory, then in each folder above the program.
/// </summary>
public static class ProjectPaths
{
    /// <param name="startDirectories">Where to start looking upwards; the working directory and the program's folder when none are given.</param>
    public static string? Find(string relativePath, params string?[] startDirectories)
    {
        if (Path.IsPathRooted(relativePath)) return Exists(relativePath) ? relativePath : null;
        var starts = startDirectories.Length > 0 ? startDirectories : [Directory.GetCurrentDirectory(), AppContext.BaseDirectory];
        foreach (var start in starts.OfType<string>())
        {
            for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, relativePath);
                if (Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    public static string Require(string relativePath, string what) =>
        Find(relativePath) ?? throw new ConfigurationException(
            $"{what} not found: looked for '{relativePath}' in the working directory, the program's folder and their parents");

    private static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);
}
