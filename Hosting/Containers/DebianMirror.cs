namespace VaultDemo.Hosting.Containers;

/// <summary>
/// The Debian archive this host already installs from, read from its apt sources, so that a base image made
/// here uses the same mirror (and reaches it where nothing else is reachable) without naming any host in code.
/// </summary>
internal static class DebianMirror
{
    public static string? Find(string suite)
    {
        foreach (var file in SourceFiles())
        {
            var found = file.EndsWith(".sources", StringComparison.Ordinal)
                ? FromDeb822(File.ReadAllText(file), suite)
                : FromOneLineStyle(File.ReadAllLines(file), suite);
            if (found is not null)
            {
                return found;
            }
        }

        return null;
    }

    private static IEnumerable<string> SourceFiles()
    {
        const string directory = "/etc/apt/sources.list.d";
        if (Directory.Exists(directory))
        {
            foreach (var file in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
            {
                yield return file;
            }
        }

        if (File.Exists("/etc/apt/sources.list"))
        {
            yield return "/etc/apt/sources.list";
        }
    }

    /// <summary>A stanza of the deb822 format: <c>Types: deb</c>, <c>URIs: …</c>, <c>Suites: bookworm …</c>.</summary>
    private static string? FromDeb822(string text, string suite)
    {
        foreach (var stanza in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = stanza.Split('\n')
                .Where(line => !line.StartsWith('#') && line.Contains(':'))
                .Select(line => line.Split(':', 2))
                .ToDictionary(pair => pair[0].Trim(), pair => pair[1].Trim(), StringComparer.OrdinalIgnoreCase);
            if (fields.GetValueOrDefault("Types", "").Split(' ').Contains("deb")
                && fields.GetValueOrDefault("Suites", "").Split(' ').Contains(suite)
                && fields.GetValueOrDefault("Enabled", "yes") != "no"
                && fields.GetValueOrDefault("URIs", "").Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() is { } uri)
            {
                return uri;
            }
        }

        return null;
    }

    /// <summary>The one-line format: <c>deb [options] uri suite components</c>.</summary>
    private static string? FromOneLineStyle(IEnumerable<string> lines, string suite)
    {
        foreach (var line in lines)
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
            if (words.Count < 3 || words[0] != "deb")
            {
                continue;
            }

            if (words[1].StartsWith('['))
            {
                var end = words.FindIndex(word => word.EndsWith(']'));
                words.RemoveRange(1, end);
            }

            if (words.Count >= 3 && words[2] == suite)
            {
                return words[1];
            }
        }

        return null;
    }
}
