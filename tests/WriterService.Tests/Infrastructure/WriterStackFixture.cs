using DevVault.Cli;
using DevVault.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using VaultDemo.Hosting.AppRoles;
using VaultDemo.VaultBootstrapper;

namespace VaultDemo.WriterService.Tests.Infrastructure;

/// <summary>
/// Real PostgreSQL and an in-process DevVault, set up by the real bootstrapper (schema, engines, policies, AppRoles),
/// shared by every writer test. Each test starts its own writer with <see cref="StartWriterAsync"/>.
/// </summary>
public sealed class WriterStackFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private readonly PostgresFixture _postgres = new();
    private readonly string _credentials = Path.Combine(Path.GetTempPath(), "writer-tests-" + Guid.NewGuid().ToString("N"));
    private DevVaultServer? _vault;
    private VaultClient.VaultClient? _root;
    private int _writers;

    public PostgresFixture Postgres => _postgres;

    /// <summary>A root client, for what a test checks or arranges in Vault behind the writer's back.</summary>
    public VaultClient.VaultClient Root => _root ?? throw new InvalidOperationException("DevVault is not started.");

    private DevVaultServer Vault => _vault ?? throw new InvalidOperationException("DevVault is not started.");

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        _vault = await DevVaultServer.StartAsync(
            new DevServerOptions { ListenAddress = "127.0.0.1:0", RootToken = "root-" + Guid.NewGuid().ToString("N") },
            timeout.Token);
        _root = new VaultClient.VaultClient(new HttpClient(), new VaultClient.VaultClientOptions
        {
            Address = Vault.Address,
            AuthMethod = VaultClient.Auth.TokenAuthMethod.FromValue(Vault.RootToken),
        });
    }

    /// <summary>
    /// Runs the bootstrapper (schema and Vault setup, a no-op after the first run), delivers fresh writer credentials as
    /// the AppHost does, and starts a writer on them; <paramref name="settings"/> adds or overrides configuration.
    /// </summary>
    public async Task<WriterApp> StartWriterAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var directory = Path.Combine(_credentials, $"writer-{Interlocked.Increment(ref _writers)}");
        using var timeout = new CancellationTokenSource(StartTimeout);
        await BootstrapAsync(directory, timeout.Token);
        return await WriterApp.StartAsync(Vault.Address, directory, _postgres, settings ?? new Dictionary<string, string?>(), timeout.Token);
    }

    /// <summary>Runs one query as the superuser and returns its single value.</summary>
    public async Task<T> QueryAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(_postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync()
    {
        _root?.Dispose();
        if (_vault is not null)
        {
            await _vault.DisposeAsync();
        }

        await _postgres.DisposeAsync();
        if (Directory.Exists(_credentials))
        {
            Directory.Delete(_credentials, recursive: true);
        }
    }

    private async Task BootstrapAsync(string writerDirectory, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Vault:Address"] = Vault.Address.ToString(),
            ["Vault:Auth:Token"] = Vault.RootToken,
            ["ConnectionStrings:appdb"] = _postgres.ConnectionString,
            ["Bootstrap:Services:writer"] = "true",
        });
        builder.AddVaultClient("vault");
        builder.AddBootstrapper();
        using var host = builder.Build();
        await host.StartAsync(cancellationToken);
        var exitCode = await host.Services.GetRequiredService<Bootstrapper>().RunAsync(cancellationToken);
        await host.StopAsync(cancellationToken);
        Assert.True(exitCode == 0, $"The bootstrapper exited {exitCode} while setting up Vault at {Vault.Address} and PostgreSQL on port {_postgres.Port}.");
        // What the AppHost does before every start of the writer.
        await new AppRoleCredentialDelivery(Root).DeliverAsync("writer", writerDirectory, AppRoleCredentialDelivery.DefaultWrapTtl, cancellationToken);
    }
}

[CollectionDefinition(Name)]
public sealed class WriterStackCollection : ICollectionFixture<WriterStackFixture>
{
    public const string Name = "writer stack";
}
