namespace VaultDemo.Hosting;

/// <summary>Secrets the AppHost keeps or hands over as files: readable by their owner only, and never seen half-written.</summary>
public static class PrivateFiles
{
    /// <summary>
    /// Writes through a temporary file created 0600 and renamed over the target: no reader ever sees a partial or
    /// wider-open file, and a crash leaves the previous content whole.
    /// </summary>
    public static void Write(string path, string content)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(content);
        var temporary = path + ".tmp";
        if (OperatingSystem.IsWindows())
        {
            File.WriteAllText(temporary, content);
            File.Move(temporary, path, overwrite: true);
            return;
        }

        using (var stream = new FileStream(temporary, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        // UnixCreateMode applies only to a file it creates: a temporary left over by a crash keeps its mode otherwise.
        File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temporary, path, overwrite: true);
    }
}
