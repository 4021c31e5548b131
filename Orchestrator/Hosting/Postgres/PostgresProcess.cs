using Npgsql;
using VaultDemo.Orchestrator.Installation;
using VaultDemo.Orchestrator.Processes;

namespace VaultDemo.Orchestrator.Hosting.Postgres;

/// <summary>
/// A private PostgreSQL server from the local binaries: its own data directory, a socket directory no
/// one else uses, TCP on 127.0.0.1 only, a superuser password. Ready means a query succeeded. Disposing
/// stops it (fast shutdown) and kills whatever is left.
/// </summary>
/// <remarks>
/// PostgreSQL refuses to run as root, so as root the server runs as the <c>postgres</c> user through
/// <c>runuser</c>, over a state directory chown'd to it. The data is throwaway, so durability is traded
/// for speed (fsync off).
/// </remarks>
public sealed class PostgresProcess : IAsyncDisposable
{
    public const string SuperUser = "postgres";
    private const string ServiceUser = "postgres";

    private readonly SupervisedProcess _process;
    private readonly OutputTail _output;

    private PostgresProcess(SupervisedProcess process, OutputTail output, int port, string password)
    {
        _process = process;
        _output = output;
        Port = port;
        Password = password;
    }

    public string Host => "127.0.0.1";

    public int Port { get; }

    public string Password { get; }

    /// <summary>Superuser connection string to the <c>postgres</c> database.</summary>
    public string ConnectionString => GetConnectionString("postgres");

    public SupervisedProcess Process => _process;

    /// <summary>The binaries this class runs, found on PATH or in Debian's /usr/lib/postgresql/&lt;major&gt;/bin.</summary>
    public static RequiredBinary Binary { get; } = new("PostgreSQL", "postgresql", () => FindBinary("postgres") is not null && FindBinary("initdb") is not null ? FindBinary("postgres") : null);

    public string GetConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = Host,
        Port = Port,
        Username = SuperUser,
        Password = Password,
        Database = database,
    }.ConnectionString;

    public static Task<PostgresProcess> StartAsync(string stateDirectory, int port, string password, CancellationToken cancellationToken = default) =>
        StartAsync(new PostgresProcessOptions { StateDirectory = stateDirectory, Port = port, Password = password }, cancellationToken);

    /// <exception cref="MissingBinaryException">PostgreSQL is not installed and cannot be installed from here.</exception>
    /// <exception cref="InvalidOperationException">initdb failed, or the server exited or never answered a query.</exception>
    public static async Task<PostgresProcess> StartAsync(PostgresProcessOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(options.Password);
        var installer = options.Installer ?? PackageInstaller.ForThisMachine();
        await installer.EnsureAsync(Binary, cancellationToken).ConfigureAwait(false);

        var stateDirectory = Path.GetFullPath(options.StateDirectory);
        var dataDirectory = Path.Combine(stateDirectory, "data");
        var socketDirectory = Path.Combine(stateDirectory, "socket");
        Directory.CreateDirectory(socketDirectory);
        var runAsServiceUser = UnixProcess.IsRoot;
        if (runAsServiceUser)
        {
            EnsureServiceUserCanReach(stateDirectory);
        }

        await InitializeAsync(stateDirectory, dataDirectory, options.Password, runAsServiceUser, cancellationToken).ConfigureAwait(false);

        var port = FreePort.OrNext(options.Port);
        var output = new OutputTail(options.Output);
        var process = SupervisedProcess.Start(
            AsServiceUser(runAsServiceUser, FindBinary("postgres")!,
            [
                "-D", dataDirectory,
                "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-c", "listen_addresses=127.0.0.1",
                "-c", $"unix_socket_directories={socketDirectory}",
                "-c", "max_connections=200",
                "-c", "fsync=off",
                "-c", "synchronous_commit=off",
                "-c", "full_page_writes=off",
            ]) with
            {
                DisplayName = "postgres",
                Ledger = options.Ledger,
                // SIGINT is PostgreSQL's fast shutdown; SIGTERM would wait for every client to disconnect.
                StopSignal = UnixProcess.SigInt,
            },
            output.Add);

        var postgres = new PostgresProcess(process, output, port, options.Password);
        try
        {
            await postgres.WaitUntilReadyAsync(options.StartupTimeout, cancellationToken).ConfigureAwait(false);
            return postgres;
        }
        catch
        {
            await postgres.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Creates <paramref name="database"/> unless it exists.</summary>
    public Task CreateDatabaseAsync(string database, CancellationToken cancellationToken = default) =>
        PostgresDatabases.CreateIfMissingAsync(ConnectionString, database, cancellationToken);

    public Task<int> StopAsync(CancellationToken cancellationToken = default) => _process.StopAsync(TimeSpan.FromSeconds(10), cancellationToken);

    public async ValueTask DisposeAsync() => await _process.DisposeAsync().ConfigureAwait(false);

    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var probe = new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false, Timeout = 5 }.ConnectionString;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"PostgreSQL exited with code {await _process.Exited.ConfigureAwait(false)} before accepting connections:\n{_output}");
            }

            try
            {
                await using var connection = new NpgsqlConnection(probe);
                await connection.OpenAsync(deadline.Token).ConfigureAwait(false);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(deadline.Token).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException && !deadline.IsCancellationRequested)
            {
                // Not accepting connections yet (starting up, or still recovering).
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"PostgreSQL on port {Port} did not answer a query within {timeout.TotalSeconds:0}s:\n{_output}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token).ConfigureAwait(false);
        }
    }

    private static async Task InitializeAsync(string stateDirectory, string dataDirectory, string password, bool runAsServiceUser, CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            return;
        }

        // initdb reads the password from a file so it never appears in a process listing.
        var passwordFile = Path.Combine(stateDirectory, "initdb.pw");
        await File.WriteAllTextAsync(passwordFile, password, cancellationToken).ConfigureAwait(false);
        File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            if (runAsServiceUser)
            {
                await RunOrThrowAsync("chown", ["-R", $"{ServiceUser}:{ServiceUser}", stateDirectory], cancellationToken).ConfigureAwait(false);
            }

            var initdb = AsServiceUser(runAsServiceUser, FindBinary("initdb")!,
            [
                "-D", dataDirectory, "-U", SuperUser, $"--pwfile={passwordFile}",
                "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions",
            ]);
            await RunOrThrowAsync(initdb.FileName, initdb.Arguments, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private static async Task RunOrThrowAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await ProcessCommandRunner.Instance.RunAsync(fileName, arguments, new Dictionary<string, string?>(), cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{fileName} {string.Join(' ', arguments)}' failed with exit code {result.ExitCode}:\n{result.Output}");
        }
    }

    private static ProcessSpec AsServiceUser(bool runAsServiceUser, string fileName, IReadOnlyList<string> arguments) =>
        runAsServiceUser
            ? new ProcessSpec("runuser", ["-u", ServiceUser, "--", fileName, .. arguments])
            : new ProcessSpec(fileName, arguments);

    /// <summary>As root the server runs as 'postgres', which must be able to walk down to its data directory.</summary>
    private static void EnsureServiceUserCanReach(string directory)
    {
        for (var current = Path.GetDirectoryName(directory); !string.IsNullOrEmpty(current); current = Path.GetDirectoryName(current))
        {
            if ((File.GetUnixFileMode(current) & UnixFileMode.OtherExecute) == 0)
            {
                throw new InvalidOperationException(
                    $"PostgreSQL runs as the '{ServiceUser}' user, which cannot enter '{current}'. Put its state directory elsewhere (the system temp directory works).");
            }
        }
    }

    private static string? FindBinary(string name) =>
        ExecutableSearch.Find(name, ExecutableSearch.VersionedDirectories("/usr/lib/postgresql", "bin"));
}
