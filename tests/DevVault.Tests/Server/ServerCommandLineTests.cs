using DevVault.Cli;

namespace DevVault.Tests.Server;

/// <summary><c>server -config</c> on the command line: server mode, or no start at all on a bad configuration.</summary>
public sealed class ServerCommandLineTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("devvault-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TheCommandLineDoesNotStartOnABadConfig()
    {
        var file = Write("vault.hcl", "storage \"inmem\" {}\nlistener \"tcp\" { tls_disable = true }\nha_storage \"raft\" {}\n");

        var (options, exitCode, message) = CommandLine.Parse(["server", $"-config={file}"]);

        Assert.Null(options);
        Assert.Equal(1, exitCode);
        Assert.Contains($"{file}:3:", message);
    }

    [Fact]
    public void TheCommandLineReadsServerMode()
    {
        var file = Write("vault.hcl", "storage \"inmem\" {}\nlistener \"tcp\" { tls_disable = true }\nlog_level = \"debug\"\n");

        var (options, exitCode, _) = CommandLine.Parse(["server", "-config", file]);

        Assert.Equal(0, exitCode);
        Assert.False(options!.IsDevMode);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Debug, options.LogLevel);
        Assert.Equal(2, CommandLine.Parse(["server", "-dev", $"-config={file}"]).ExitCode);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
