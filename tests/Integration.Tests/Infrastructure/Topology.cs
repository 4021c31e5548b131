using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Npgsql;
using VaultDemo.Hosting.Vault;
using VaultDemo.VaultClient.Admin;

namespace VaultDemo.Integration.Tests.Infrastructure;

/// <summary>
/// The AppHost's own topology (its Program.cs, through <see cref="DistributedApplicationTestingBuilder"/>), started
/// with a private state directory and optional parameter overrides (short TTLs, <c>vault-mode</c>). Its secrets are
/// the test's to know (so it can log in as root, and search every resource's output for them): the broker password
/// it chose, and what the AppHost made and kept (Vault's root token from init, PostgreSQL's password from the state
/// directory). Started means: the bootstrapper exited 0 and the reader and writer are healthy.
/// </summary>
public sealed class Topology : IAsyncDisposable
{
    public const string Vault = "vault";
    public const string Database = "appdb";
    public const string Bootstrapper = "vault-bootstrapper";
    public const string Writer = "writer";
    public const string Reader = "reader";

    public static readonly IReadOnlyList<string> Resources = ["postgres", Database, "messaging", Vault, Bootstrapper, Reader, Writer];

    private readonly bool _ownsStateRoot;

    private Topology(DistributedApplication app, string stateRoot, bool ownsStateRoot, string messagingPassword)
    {
        App = app;
        StateRoot = stateRoot;
        _ownsStateRoot = ownsStateRoot;
        MessagingPassword = messagingPassword;
    }

    public DistributedApplication App { get; }

    /// <summary>What every resource has printed since the topology started.</summary>
    public ResourceOutput Output { get; private set; } = null!;

    /// <summary>The AppHost's <c>VaultDemo:StateDirectory</c>: what outlives a run (PostgreSQL's data, Vault's keys) is in there.</summary>
    public string StateRoot { get; }

    /// <summary>Vault's root token as the AppHost hands it on: from init in server mode, the generated parameter in dev mode.</summary>
    public string RootToken { get; private set; } = "";

    /// <summary>As the AppHost generated and kept it (or as a test set it), read once the topology has started.</summary>
    public string PostgresPassword { get; private set; } = "";

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

    /// <summary>The Aspire dashboard, when this topology was started with one.</summary>
    public DashboardEndpoints? Dashboard { get; private set; }

    /// <summary>A service's private directory in this run, where the AppHost leaves its role-id and secret-id files.</summary>
    public string ServiceDirectory(string service)
    {
        Assert.True(App.ResourceNotifications.TryGetCurrentState(service, out var resource), $"no snapshot of {service}");
        var roleIdFile = resource.Snapshot.EnvironmentVariables.Single(v => v.IsFromSpec && v.Name == "Vault__Auth__AppRole__RoleIdFile").Value;
        return Path.GetDirectoryName(roleIdFile)!;
    }

    /// <param name="parameters">AppHost parameters by name (a root token given here replaces the generated one).</param>
    /// <param name="configuration">Other AppHost configuration, such as <c>ConnectionStrings:vault</c>.</param>
    /// <param name="withDashboard">Start the Aspire dashboard too.</param>
    /// <param name="stateRoot">
    /// The state directory of an earlier topology, to start the AppHost again on what it kept; the caller deletes it.
    /// A fresh one, deleted with the topology, otherwise.
    /// </param>
    public static async Task<Topology> StartAsync(
        IReadOnlyDictionary<string, string>? parameters = null,
        IReadOnlyDictionary<string, string>? configuration = null,
        bool withDashboard = false,
        string? stateRoot = null)
    {
        using var timeout = new CancellationTokenSource(TestTimeout.Startup);
        var ownsStateRoot = stateRoot is null;
        stateRoot ??= Directory.CreateTempSubdirectory("vaultdemo-integration-").FullName;
        var messagingPassword = Guid.NewGuid().ToString("N");
        // PostgreSQL's password is left to the AppHost, which generates and keeps it with the data it was made for.
        var settings = new Dictionary<string, string>
        {
            ["VaultDemo:StateDirectory"] = stateRoot,
            ["Parameters:vault-root-token"] = "root-" + Guid.NewGuid().ToString("N"), // used in dev mode only
            ["Parameters:messaging-password"] = messagingPassword,
        };
        foreach (var (name, value) in parameters ?? new Dictionary<string, string>())
        {
            settings[$"Parameters:{name}"] = value;
        }

        foreach (var (key, value) in configuration ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        messagingPassword = settings["Parameters:messaging-password"];

        foreach (var (key, value) in withDashboard ? DashboardEndpoints.FreePortSettings() : new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        // Command-line settings reach the AppHost's CreateBuilder(args) before Program.cs reads any of them.
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [.. settings.Select(s => $"--{s.Key}={s.Value}")],
            (options, _) => options.DisableDashboard = !withDashboard,
            timeout.Token);
        if (!withDashboard)
        {
            WithoutTelemetryExport(builder);
        }

        // What the application host itself reports (image builds, DCP), for failure messages.
        builder.Services.AddFakeLogging(options => options.FilteredLevels.UnionWith([LogLevel.Warning, LogLevel.Error, LogLevel.Critical]));
        var topology = new Topology(await builder.BuildAsync(timeout.Token), stateRoot, ownsStateRoot, messagingPassword);
        try
        {
            await topology.StartCoreAsync(timeout.Token);
            if (withDashboard)
            {
                topology.Dashboard = DashboardEndpoints.Of(topology.App);
            }

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
        // After start: only then does each resource have the DCP instance its output is kept under.
        Output = new ResourceOutput(App, Resources);
        try
        {
            var bootstrapper = await App.ResourceNotifications.WaitForResourceAsync(Bootstrapper, e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), cancellationToken);
            if (bootstrapper.Snapshot.ExitCode != 0)
            {
                throw new InvalidOperationException($"{Bootstrapper} did not exit 0: {Describe(bootstrapper.Snapshot)}");
            }

            await App.ResourceNotifications.WaitForResourceHealthyAsync(Reader, cancellationToken);
            await App.ResourceNotifications.WaitForResourceHealthyAsync(Writer, cancellationToken);
            // As the AppHost delivered them for the first start; a restart of a service brings new ones.
            DeliveredCredentials = [.. new[] { Writer, Reader }.SelectMany(service => new[] { "role-id", "secret-id" }.Select(file => File.ReadAllText(Path.Combine(ServiceDirectory(service), file)).Trim()))];
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or DistributedApplicationException)
        {
            throw new InvalidOperationException($"The topology did not start: {e.Message}\n{Diagnostics()}", e);
        }

        VaultAddress = new Uri(await App.GetConnectionStringAsync(Vault, cancellationToken) ?? throw new InvalidOperationException("vault has no address"));
        var model = App.Services.GetRequiredService<DistributedApplicationModel>();
        RootToken = await model.Resources.OfType<IVaultResource>().Single().RootToken.GetValueAsync(cancellationToken) ?? throw new InvalidOperationException("vault has no root token");
        PostgresPassword = await model.Resources.OfType<PostgresServerResource>().Single().PasswordParameter.GetValueAsync(cancellationToken) ?? throw new InvalidOperationException("postgres has no password");
        SuperuserConnectionString = await App.GetConnectionStringAsync(Database, cancellationToken) ?? throw new InvalidOperationException("appdb has no connection string");
    }

    /// <summary>
    /// Without a dashboard nothing receives OTLP, yet Aspire still points every resource at the dashboard's address; a
    /// stopping service then retries its final export for the exporter's 10 s timeout, longer than Aspire's stop command
    /// waits (about 15 s with DCP's own steps), so Stop and Restart would fail. Leave the endpoint out instead: the
    /// services then export nothing (ServiceDefaults adds the exporter only when an endpoint is set).
    /// </summary>
    private static void WithoutTelemetryExport(IDistributedApplicationTestingBuilder builder)
    {
        foreach (var resource in builder.Resources.OfType<IResourceWithEnvironment>().Where(r => r.HasAnnotationOfType<OtlpExporterAnnotation>()))
        {
            resource.Annotations.Add(new EnvironmentCallbackAnnotation(context => context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT")));
        }
    }

    /// <summary>Every resource's state and last output lines, for a failure message.</summary>
    public string Diagnostics()
    {
        var text = new StringBuilder();
        foreach (var name in Resources)
        {
            var state = App.ResourceNotifications.TryGetCurrentState(name, out var e) ? Describe(e.Snapshot) : "unknown";
            text.AppendLine($"--- {name}: {state}");
            foreach (var line in Output.Of(name).TakeLast(15))
            {
                text.AppendLine(line);
            }
        }

        text.AppendLine("--- the application host's warnings and errors:");
        foreach (var record in App.Services.GetFakeLogCollector().GetSnapshot().TakeLast(20))
        {
            text.AppendLine($"{record.Level} {record.Category}: {record.Message} {record.Exception?.Message}");
        }

        return text.ToString();
    }

    /// <summary>Every line of captured output of every resource.</summary>
    public IReadOnlyList<(string Resource, string Line)> AllOutput() =>
        [.. Resources.SelectMany(name => Output.Of(name).Select(line => (name, line)))];

    /// <summary>Runs one of the resource commands the dashboard offers (stop, start, restart) and fails if it fails.</summary>
    public async Task ExecuteCommandAsync(string resource, string command, CancellationToken cancellationToken)
    {
        var model = App.Services.GetRequiredService<DistributedApplicationModel>();
        var target = model.Resources.Single(r => r.Name == resource);
        var result = await App.ResourceCommands.ExecuteCommandAsync(target, command, cancellationToken);
        if (!result.Success)
        {
            throw new InvalidOperationException($"{command} {resource} failed: {result.Message}\n{Diagnostics()}");
        }
    }

    public Task StopResourceAsync(string resource, CancellationToken cancellationToken) =>
        ExecuteCommandAsync(resource, KnownResourceCommands.StopCommand, cancellationToken);

    public Task StartResourceAsync(string resource, CancellationToken cancellationToken) =>
        ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand, cancellationToken);

    /// <summary>Runs <paramref name="command"/> (start or restart) and waits until the resource is healthy again, not only running.</summary>
    public async Task BringBackAsync(string resource, string command, CancellationToken cancellationToken)
    {
        await ExecuteCommandAsync(resource, command, cancellationToken);
        try
        {
            // Right after the command its snapshot may still say Exited: wait through that instead of stopping at it.
            await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, WaitBehavior.WaitOnResourceUnavailable, cancellationToken);
        }
        catch (DistributedApplicationException e)
        {
            throw new InvalidOperationException($"{resource} did not come back after {command}: {e.Message}\n{Diagnostics()}", e);
        }
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

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        if (Output is not null)
        {
            await Output.DisposeAsync();
        }

        if (_ownsStateRoot)
        {
            Directory.Delete(StateRoot, recursive: true);
        }
    }

    private static string Describe(CustomResourceSnapshot s) =>
        $"{s.State?.Text ?? "no state"} (exit code {s.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, health {s.HealthStatus?.ToString() ?? "unknown"})";

    private static VaultClient.VaultClient Client(VaultClient.VaultClientOptions options) =>
        new(new HttpClient(), options);
}
