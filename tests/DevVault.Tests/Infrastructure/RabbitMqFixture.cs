using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace DevVault.Tests.Infrastructure;

/// <summary>
/// A private RabbitMQ node with the management plugin, shared by a test class: Debian's <c>rabbitmq-server</c>
/// run directly as a child process (not the system service) with its own node name, Erlang port mapper, free
/// loopback ports and every file (<c>RABBITMQ_MNESIA_BASE</c>, <c>RABBITMQ_LOG_BASE</c>, config, cookie) in a
/// temporary directory. This is the one place the tests touch a host-installed broker; it can be swapped for a
/// container without changing the tests, which use only the four properties below.
/// </summary>
public sealed class RabbitMqFixture : IAsyncLifetime
{
    private const string ServerScript = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromMinutes(2);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "devvault-rabbitmq-" + Guid.NewGuid().ToString("N"));
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _portMapper;
    private Process? _broker;

    /// <summary>The management HTTP API, e.g. <c>http://127.0.0.1:15672/</c>.</summary>
    public Uri ManagementUri { get; private set; } = null!;

    public string AdminUser { get; } = "vault-admin";

    public string AdminPassword { get; } = "rmq-" + Guid.NewGuid().ToString("N");

    /// <summary>AMQP as the administrator, e.g. <c>amqp://127.0.0.1:5672/</c> (credentials are passed separately).</summary>
    public Uri AmqpUri { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ServerScript))
        {
            throw new InvalidOperationException(
                $"RabbitMQ is not installed ({ServerScript} is missing), so the RabbitMQ engine tests cannot run. Install it with: apt-get install -y rabbitmq-server");
        }

        var epmd = File.Exists("/usr/bin/epmd") ? "/usr/bin/epmd"
            : throw new InvalidOperationException("Erlang's port mapper /usr/bin/epmd is missing. Install it with: apt-get install -y erlang-base");

        var (amqpPort, managementPort, distributionPort, epmdPort) = (FreePort(), FreePort(), FreePort(), FreePort());
        AmqpUri = new Uri($"amqp://127.0.0.1:{amqpPort}/");
        ManagementUri = new Uri($"http://127.0.0.1:{managementPort}/");
        var environment = WriteNodeFiles(amqpPort, managementPort, distributionPort, epmdPort);

        _portMapper = Start(epmd, ["-address", "127.0.0.1", "-port", epmdPort.ToString()], environment);
        _broker = Start(ServerScript, [], environment);
        await WaitForManagementApiAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var process in new[] { _broker, _portMapper })
        {
            if (process is null)
            {
                continue;
            }

            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await process.WaitForExitAsync(timeout.Token);
            }

            process.Dispose();
        }

        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private Dictionary<string, string> WriteNodeFiles(int amqpPort, int managementPort, int distributionPort, int epmdPort)
    {
        var home = Path.Combine(_directory, "home");
        Directory.CreateDirectory(home);
        Directory.CreateDirectory(Path.Combine(_directory, "mnesia"));
        Directory.CreateDirectory(Path.Combine(_directory, "log"));
        var config = Path.Combine(_directory, "rabbitmq.conf");

        // The administrator is created on the first boot of the empty database; its password is only in this owner-only file.
        File.WriteAllText(config, $"""
            listeners.tcp.default = 127.0.0.1:{amqpPort}
            management.tcp.ip = 127.0.0.1
            management.tcp.port = {managementPort}
            default_vhost = /
            default_user = {AdminUser}
            default_pass = {AdminPassword}
            default_user_tags.administrator = true
            loopback_users = none
            log.console = true
            log.console.level = warning
            log.file = false
            """);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(config, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        File.WriteAllText(Path.Combine(_directory, "enabled_plugins"), "[rabbitmq_management].");
        File.WriteAllText(Path.Combine(_directory, "rabbitmq-env.conf"), "");

        return new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["RABBITMQ_NODENAME"] = $"devvault-test-{amqpPort}@localhost",
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = amqpPort.ToString(),
            ["RABBITMQ_DIST_PORT"] = distributionPort.ToString(),
            ["ERL_EPMD_PORT"] = epmdPort.ToString(),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(_directory, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(_directory, "log"),
            ["RABBITMQ_LOGS"] = "-",
            ["RABBITMQ_CONFIG_FILE"] = config,
            ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(_directory, "rabbitmq-env.conf"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_directory, "enabled_plugins"),
            ["RABBITMQ_PID_FILE"] = Path.Combine(_directory, "rabbitmq.pid"),
        };
    }

    private Process Start(string fileName, string[] arguments, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} could not be started");
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 200 && _output.TryDequeue(out _))
        {
        }
    }

    private async Task WaitForManagementApiAsync()
    {
        using var http = new HttpClient { BaseAddress = ManagementUri, Timeout = TimeSpan.FromSeconds(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AdminUser}:{AdminPassword}")));
        var deadline = DateTime.UtcNow + StartupTimeout;
        while (true)
        {
            if (_broker!.HasExited || _portMapper!.HasExited)
            {
                throw new InvalidOperationException($"RabbitMQ exited before its management API answered:\n{string.Join('\n', _output)}");
            }

            try
            {
                using var response = await http.GetAsync("api/overview");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but not answering yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"RabbitMQ's management API at {ManagementUri} did not answer within {StartupTimeout.TotalSeconds:0}s:\n{string.Join('\n', _output)}");
            }

            await Task.Delay(250);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
