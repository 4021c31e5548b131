using System.Globalization;
using VaultDemo.Orchestrator.Installation;
using VaultDemo.Orchestrator.Processes;

namespace VaultDemo.Orchestrator.Hosting.RabbitMQ;

/// <summary>
/// A private RabbitMQ broker from Debian's package, run directly (not as a system service): its own node
/// name, database, logs, configuration, Erlang cookie and port mapper, AMQP on 127.0.0.1 only, one
/// administrator user. Ready means the user opened an AMQP connection. Disposing stops it and its
/// port mapper.
/// </summary>
/// <remarks>
/// Erlang nodes register with a port mapper (epmd) that normally daemonizes and outlives the broker. Here
/// a private epmd runs in the foreground on a free port, supervised like the broker, so nothing is left.
/// </remarks>
public sealed class RabbitMqProcess : IAsyncDisposable
{
    private const string ServerScript = "/usr/lib/rabbitmq/bin/rabbitmq-server";

    private readonly SupervisedProcess _broker;
    private readonly SupervisedProcess _portMapper;

    private RabbitMqProcess(SupervisedProcess broker, SupervisedProcess portMapper, int port, string userName, string password)
    {
        _broker = broker;
        _portMapper = portMapper;
        Port = port;
        UserName = userName;
        Password = password;
    }

    public string Host => "127.0.0.1";

    public int Port { get; }

    public string UserName { get; }

    public string Password { get; }

    /// <summary>The broker as an AMQP URI (the form MassTransit and RabbitMQ.Client accept), password escaped.</summary>
    public string ConnectionString => $"amqp://{Uri.EscapeDataString(UserName)}:{Uri.EscapeDataString(Password)}@{Host}:{Port}/";

    public SupervisedProcess Process => _broker;

    public static RequiredBinary Binary { get; } = new("RabbitMQ", "rabbitmq-server", () => File.Exists(ServerScript) ? ServerScript : null);

    public static Task<RabbitMqProcess> StartAsync(string stateDirectory, int port, string password, CancellationToken cancellationToken = default) =>
        StartAsync(new RabbitMqProcessOptions { StateDirectory = stateDirectory, Port = port, Password = password }, cancellationToken);

    /// <exception cref="MissingBinaryException">RabbitMQ is not installed and cannot be installed from here.</exception>
    /// <exception cref="InvalidOperationException">The broker exited before it was ready.</exception>
    /// <exception cref="TimeoutException">The broker did not answer within the startup timeout.</exception>
    public static async Task<RabbitMqProcess> StartAsync(RabbitMqProcessOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(options.Password);
        var installer = options.Installer ?? PackageInstaller.ForThisMachine();
        var server = await installer.EnsureAsync(Binary, cancellationToken).ConfigureAwait(false);
        var epmd = ExecutableSearch.Find("epmd", ExecutableSearch.VersionedDirectories("/usr/lib/erlang", "bin"))
            ?? throw new MissingBinaryException($"RabbitMQ's Erlang port mapper 'epmd' was not found. Run: sudo apt-get install -y erlang-base");

        var state = Path.GetFullPath(options.StateDirectory);
        var layout = new Layout(state);
        var port = FreePort.OrNext(options.Port);
        var epmdPort = FreePort.Next();
        layout.Write(port, options.UserName, options.Password);

        var output = new OutputTail(options.Output);
        var portMapper = SupervisedProcess.Start(
            new ProcessSpec(epmd, ["-address", "127.0.0.1", "-port", Invariant(epmdPort)]) { DisplayName = "epmd", Ledger = options.Ledger },
            output.Add);
        var broker = SupervisedProcess.Start(
            new ProcessSpec(server, []) { DisplayName = "rabbitmq", Ledger = options.Ledger, Environment = layout.Environment(port, FreePort.Next(), epmdPort) },
            output.Add);

        var rabbit = new RabbitMqProcess(broker, portMapper, port, options.UserName, options.Password);
        try
        {
            await rabbit.WaitUntilReadyAsync(output, options.StartupTimeout, cancellationToken).ConfigureAwait(false);
            return rabbit;
        }
        catch
        {
            await rabbit.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _broker.StopAsync(TimeSpan.FromSeconds(15), cancellationToken).ConfigureAwait(false);
        await _portMapper.StopAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _broker.DisposeAsync().ConfigureAwait(false);
        await _portMapper.DisposeAsync().ConfigureAwait(false);
    }

    private async Task WaitUntilReadyAsync(OutputTail output, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (!await AmqpProbe.CanConnectAsync(Host, Port, UserName, Password, deadline.Token).ConfigureAwait(false))
            {
                if (_broker.HasExited || _portMapper.HasExited)
                {
                    throw new InvalidOperationException($"RabbitMQ exited with code {(_broker.HasExited ? _broker.Exited.Result : _portMapper.Exited.Result)} before accepting connections:\n{output}");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"RabbitMQ on port {Port} did not accept an AMQP connection within {timeout.TotalSeconds:0}s:\n{output}");
        }
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The broker's private files, all under its state directory.</summary>
    private sealed record Layout(string Root)
    {
        private string Home => Path.Combine(Root, "home");
        private string ConfigFile => Path.Combine(Root, "rabbitmq.conf");
        private string EnvFile => Path.Combine(Root, "rabbitmq-env.conf");
        private string PluginsFile => Path.Combine(Root, "enabled_plugins");

        public void Write(int port, string userName, string password)
        {
            Directory.CreateDirectory(Home);
            Directory.CreateDirectory(Path.Combine(Root, "mnesia"));
            Directory.CreateDirectory(Path.Combine(Root, "log"));
            // The default user is created on the first boot of an empty database, so the password is only
            // ever in this file (owner-only), never on a command line.
            File.WriteAllText(ConfigFile, $"""
                default_vhost = /
                default_user = {userName}
                default_pass = {password}
                default_user_tags.administrator = true
                loopback_users = none
                log.console = true
                log.console.level = warning
                log.file = false
                """);
            File.SetUnixFileMode(ConfigFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            // No plugins: the management UI is not used, and each plugin slows the boot.
            File.WriteAllText(PluginsFile, "[].");
            // Keeps the system-wide /etc/rabbitmq/rabbitmq-env.conf out of this node.
            File.WriteAllText(EnvFile, "");
        }

        public IReadOnlyDictionary<string, string?> Environment(int port, int distributionPort, int epmdPort) => new Dictionary<string, string?>
        {
            ["HOME"] = Home,
            ["RABBITMQ_NODENAME"] = $"rabbit-{Invariant(port)}@localhost",
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = Invariant(port),
            ["RABBITMQ_DIST_PORT"] = Invariant(distributionPort),
            ["ERL_EPMD_PORT"] = Invariant(epmdPort),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(Root, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(Root, "log"),
            ["RABBITMQ_LOGS"] = "-",
            ["RABBITMQ_CONFIG_FILE"] = ConfigFile,
            ["RABBITMQ_CONF_ENV_FILE"] = EnvFile,
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = PluginsFile,
            ["RABBITMQ_PID_FILE"] = Path.Combine(Root, "rabbitmq.pid"),
        };
    }
}
