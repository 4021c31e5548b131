using System.Text;
using Npgsql;
using VaultDemo.Orchestrator.ApplicationModel;
using VaultDemo.Orchestrator.Hosting;
using VaultDemo.Orchestrator.Testing;
using VaultDemo.VaultClient.Admin;

namespace VaultDemo.Integration.Tests.Infrastructure;

/// <summary>
/// The AppHost's own topology, started with secrets the test chose (so it can log in as root, and search every
/// resource's output for them) and optional parameter overrides (short TTLs). Started means: the bootstrapper
/// exited 0 and the reader and writer are healthy.
/// </summary>
public sealed class Topology : IAsyncDisposable
{
    public const string Vault = "vault";
    public const string Database = "appdb";
    public const string Bootstrapper = "vault-bootstrapper";
    public const string Writer = "writer";
    public const string Reader = "reader";

    public static readonly IReadOnlyList<string> Resources = ["postgres", Database, "messaging", Vault, Bootstrapper, Reader, Writer];

    private Topology(DistributedApplication app, string rootToken, string postgresPassword, string messagingPassword)
    {
        App = app;
        RootToken = rootToken;
        PostgresPassword = postgresPassword;
        MessagingPassword = messagingPassword;
    }

    public DistributedApplication App { get; }

    public string RootToken { get; }

    public string PostgresPassword { get; }

    public string MessagingPassword { get; }

    /// <summary>The role ids and wrapped secret ids as delivered at start (before the services consumed them).</summary>
    public IReadOnlyList<string> DeliveredCredentials { get; private set; } = [];

    /// <summary>Secret values tests sent through the services, so the leak test can look for every one of them.</summary>
    public System.Collections.Concurrent.ConcurrentBag<string> SecretValuesSent { get; } = [];

    /// <summary>Records a value as secret (it must never appear in any output) and returns it.</summary>
    public string Secret(string value)
    {
        SecretValuesSent.Add(value);
        return value;
    }

    public Uri VaultAddress { get; private set; } = null!;

    /// <summary>The application database as the PostgreSQL superuser (what the bootstrapper uses; the services never do).</summary>
    public string SuperuserConnectionString { get; private set; } = "";

    /// <summary>A service's private directory, where the bootstrapper leaves its role-id and secret-id files.</summary>
    public string ServiceDirectory(string service) => Path.Combine(App.StateDirectory, service);

    public static async Task<Topology> StartAsync(IReadOnlyDictionary<string, string>? parameters = null)
    {
        using var timeout = new CancellationTokenSource(TestTimeout.Startup);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(cancellationToken: timeout.Token);
        var rootToken = "root-" + Guid.NewGuid().ToString("N");
        var postgresPassword = Guid.NewGuid().ToString("N");
        var messagingPassword = Guid.NewGuid().ToString("N");
        builder.Configuration["Parameters:vault-root-token"] = rootToken;
        builder.Configuration["Parameters:postgres-password"] = postgresPassword;
        builder.Configuration["Parameters:messaging-password"] = messagingPassword;
        foreach (var (name, value) in parameters ?? new Dictionary<string, string>())
        {
            builder.Configuration[$"Parameters:{name}"] = value;
        }

        var topology = new Topology(await builder.BuildAsync(timeout.Token), rootToken, postgresPassword, messagingPassword);
        try
        {
            await topology.StartCoreAsync(timeout.Token);
            return topology;
        }
        catch
        {
            await topology.DisposeAsync();
            throw;
        }
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        await App.StartAsync(cancellationToken);
        try
        {
            var bootstrapper = await App.ResourceNotifications.WaitForResourceAsync(Bootstrapper, e => e.Snapshot.State.IsTerminal(), cancellationToken);
            if (bootstrapper.Snapshot is not { State: ResourceState.Finished, ExitCode: 0 })
            {
                throw new InvalidOperationException($"{Bootstrapper} did not exit 0: {Describe(bootstrapper.Snapshot)}");
            }

            // As delivered: a later bootstrapper run (the idempotency tests) may replace a consumed secret id.
            DeliveredCredentials = [.. new[] { Writer, Reader }.SelectMany(service => new[] { "role-id", "secret-id" }.Select(file => File.ReadAllText(Path.Combine(ServiceDirectory(service), file)).Trim()))];

            await App.WaitForResourceHealthyAsync(Reader, cancellationToken);
            await App.WaitForResourceHealthyAsync(Writer, cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            throw new InvalidOperationException($"The topology did not start: {e.Message}\n{Diagnostics()}", e);
        }

        VaultAddress = new Uri(await App.GetConnectionStringAsync(Vault, cancellationToken) ?? throw new InvalidOperationException("vault has no address"));
        SuperuserConnectionString = await App.GetConnectionStringAsync(Database, cancellationToken) ?? throw new InvalidOperationException("appdb has no connection string");
    }

    /// <summary>Every resource's state and last output lines, for a failure message.</summary>
    public string Diagnostics()
    {
        var text = new StringBuilder();
        foreach (var name in Resources)
        {
            var state = App.ResourceNotifications.TryGetCurrent(name, out var e) ? Describe(e.Snapshot) : "unknown";
            text.AppendLine($"--- {name}: {state}");
            foreach (var line in App.ResourceLogs.GetLines(name).TakeLast(15))
            {
                text.AppendLine(line.Line.Text);
            }
        }

        return text.ToString();
    }

    /// <summary>A client holding the root token: only the tests (standing in for the AppHost's operator) use it.</summary>
    public VaultClient.VaultClient RootClient() => Client(new VaultClient.VaultClientOptions { Address = VaultAddress, Auth = { Token = RootToken } });

    /// <summary>
    /// Logs in as the AppRole <paramref name="role"/> with a fresh secret id minted by root, as a service would with the
    /// one the bootstrapper delivered, so the test holds exactly the service's policy and nothing the service holds.
    /// </summary>
    public async Task<AppRoleLogin> LoginAsAppRoleAsync(string role, CancellationToken cancellationToken)
    {
        using var root = RootClient();
        var roleId = await root.Admin.GetRoleIdAsync(role, cancellationToken: cancellationToken);
        var secretId = await root.Admin.CreateSecretIdAsync(role, options: new SecretIdRequest { Metadata = "{\"issued_to\":\"integration-tests\"}" }, cancellationToken: cancellationToken);
        var login = await root.Auth.LoginWithAppRoleAsync(roleId, secretId.SecretId, cancellationToken: cancellationToken);
        // Vault adds its built-in "default" policy (token self-management) to every login; nothing else may come along.
        Assert.Equal(["default", role], (login.TokenPolicies ?? []).Order(StringComparer.Ordinal));
        return new AppRoleLogin(
            Client(new VaultClient.VaultClientOptions { Address = VaultAddress, Auth = { Token = login.ClientToken } }),
            new VaultHttp(VaultAddress, login.ClientToken));
    }

    /// <summary>Unpooled: a test that restarts PostgreSQL must not get a pooled connection the restart has ended.</summary>
    public async Task<NpgsqlConnection> OpenSuperuserConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(SuperuserConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public VaultHttp RootHttp() => new(VaultAddress, RootToken);

    /// <summary>Every line of captured output (stdout and stderr) of every resource.</summary>
    public IEnumerable<(string Resource, string Line)> AllOutput() =>
        Resources.SelectMany(name => App.ResourceLogs.GetLines(name).Select(l => (name, l.Line.Text)));

    public ValueTask DisposeAsync() => App.DisposeAsync();

    private static string Describe(ResourceSnapshot s) => $"{s.State} (exit code {s.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, health {s.HealthStatus?.ToString() ?? "unknown"}) {s.Message}";

    private static VaultClient.VaultClient Client(VaultClient.VaultClientOptions options) =>
        new(new HttpClient(), options);
}
