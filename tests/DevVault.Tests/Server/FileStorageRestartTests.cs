namespace DevVault.Tests.Server;

/// <summary>The restart scenario on <c>storage "file"</c>, scanning every file name and byte of its directory.</summary>
public sealed class FileStorageRestartTests : RestartTests, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "devvault-file-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    protected override Task<string> NewStorageStanzaAsync() => Task.FromResult($$"""storage "file" { path = "{{_directory}}" }""");

    protected override async Task<byte[]> ReadRawStorageAsync()
    {
        using var all = new MemoryStream();
        foreach (var file in Directory.EnumerateFiles(_directory, "*", SearchOption.AllDirectories))
        {
            all.Write(System.Text.Encoding.UTF8.GetBytes(file));
            all.Write(await File.ReadAllBytesAsync(file));
        }

        Assert.True(all.Length > 0, "the file storage holds nothing");
        return all.ToArray();
    }
}
