namespace VaultDemo.Bench.Startup;

/// <summary>The AppHost's state (PostgreSQL's data, Vault's keys) for one measured start, deleted after it.</summary>
internal sealed class TemporaryStateDirectory : IDisposable
{
    private readonly string _path = Directory.CreateTempSubdirectory("vaultdemo-bench-").FullName;

    public string Argument => $"--VaultDemo:StateDirectory={_path}";

    public void Dispose() => Directory.Delete(_path, recursive: true);
}
