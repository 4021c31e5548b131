namespace DevVault.Storage;

/// <summary>
/// Physical storage in a directory tree, like Vault's <c>file</c> backend: a key <c>a/b/c</c> is the file
/// <c>a/b/_c</c>, so a key and a folder of the same name can coexist. Values are written to a temporary file and
/// renamed into place, so a crash never leaves a half-written value. Everything stored is barrier ciphertext.
/// </summary>
public sealed class FileStorage : IStorage
{
    private const string ValuePrefix = "_";
    private readonly string _root;

    public FileStorage(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            return await File.ReadAllBytesAsync(FileOf(key), cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public async ValueTask PutAsync(string key, byte[] value, CancellationToken cancellationToken = default)
    {
        var file = FileOf(key);
        var temporary = file + "." + Guid.NewGuid().ToString("N") + ".tmp";
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                await File.WriteAllBytesAsync(temporary, value, cancellationToken);
                File.Move(temporary, file, overwrite: true);
                return;
            }
            catch (DirectoryNotFoundException) when (attempt < 3)
            {
                // A concurrent delete removed the folder as it emptied; create it again.
            }
        }
    }

    public ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var file = FileOf(key);
        File.Delete(file);
        RemoveEmptyFolders(Path.GetDirectoryName(file)!);
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var folder = FolderOf(prefix);
        if (!Directory.Exists(folder))
        {
            return ValueTask.FromResult<IReadOnlyList<string>>([]);
        }

        var children = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo)
            {
                children.Add(entry.Name + "/");
            }
            else if (entry.Name.StartsWith(ValuePrefix, StringComparison.Ordinal) && !entry.Name.EndsWith(".tmp", StringComparison.Ordinal))
            {
                children.Add(entry.Name[ValuePrefix.Length..]);
            }
        }

        return ValueTask.FromResult<IReadOnlyList<string>>([.. children]);
    }

    private string FileOf(string key)
    {
        var slash = key.LastIndexOf('/');
        return Path.Combine(FolderOf(slash < 0 ? "" : key[..(slash + 1)]), ValuePrefix + key[(slash + 1)..]);
    }

    private string FolderOf(string prefix)
    {
        var segments = prefix.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Any(s => s is "." or ".."))
        {
            // The HTTP layer refuses such paths; this keeps a storage key from ever leaving the data directory.
            throw new ArgumentException("A storage key may not contain relative segments.", nameof(prefix));
        }

        return Path.Combine([_root, .. segments]);
    }

    /// <summary>Deleting the last key of a folder removes the folder, so listings show no empty folders (as Vault's).</summary>
    private void RemoveEmptyFolders(string folder)
    {
        while (folder.Length > _root.Length && Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
        {
            try
            {
                Directory.Delete(folder);
            }
            catch (IOException)
            {
                return; // A concurrent write just put something there.
            }

            folder = Path.GetDirectoryName(folder)!;
        }
    }
}
