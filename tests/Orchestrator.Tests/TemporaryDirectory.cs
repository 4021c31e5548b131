namespace VaultDemo.Orchestrator.Tests;

/// <summary>A directory under the system temp directory (reachable by the postgres user), deleted afterwards.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory()
    {
        Path = Directory.CreateTempSubdirectory("vaultdemo-test-").FullName;
        // CreateTempSubdirectory makes it 0700; services that drop to their own user must be able to enter it.
        File.SetUnixFileMode(Path, (UnixFileMode)0b111_101_101);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process may still be writing while it dies; the temp directory is cleaned by the system.
        }
    }
}
