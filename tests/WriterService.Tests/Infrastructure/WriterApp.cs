using System.Diagnostics;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using VaultDemo.Hosting.AppRoles;

namespace VaultDemo.WriterService.Tests.Infrastructure;

/// <summary>
/// The writer composed from its own registrations (Vault client, dynamic database credentials, <c>AddWriter</c>,
/// <c>UseWriter</c>) on real Kestrel, with two test seams that are not mocks: its database and Vault traffic goes
/// through <see cref="CuttableTcpProxy"/>s, and the bus is MassTransit's in-memory transport, whose deliveries are counted.
/// </summary>
public sealed class WriterApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CuttableTcpProxy _database;
    private readonly CuttableTcpProxy _vault;
    private readonly ActivityListener _vaultCalls;
    private volatile bool _cutAfterNextVaultWrite;
    private volatile bool _cutVaultAfterNextFingerprint;

    private WriterApp(WebApplication app, CuttableTcpProxy database, CuttableTcpProxy vault, Uri address)
    {
        _app = app;
        _database = database;
        _vault = vault;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        _vaultCalls = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "VaultDemo.Vault",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = OnVaultCallCompleted,
        };
        ActivitySource.AddActivityListener(_vaultCalls);
    }

    public HttpClient Http { get; }

    /// <summary>Every event the writer published, in order.</summary>
    public PublishedEvents Published => _app.Services.GetRequiredService<PublishedEvents>();

    public IServiceProvider Services => _app.Services;

    internal static async Task<WriterApp> StartAsync(Uri vault, string credentials, PostgresFixture postgres, IReadOnlyDictionary<string, string?> settings, CancellationToken cancellationToken)
    {
        var proxy = new CuttableTcpProxy(postgres.Host, postgres.Port);
        var vaultProxy = new CuttableTcpProxy(vault.Host, vault.Port);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = typeof(WriterRegistration).Assembly.GetName().Name });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Vault:Address"] = new UriBuilder(vault) { Port = vaultProxy.Port }.Uri.ToString(),
            ["Vault:Auth:AppRole:RoleName"] = "writer",
            ["Vault:Auth:AppRole:RoleIdFile"] = Path.Combine(credentials, AppRoleCredentialDelivery.RoleIdFileName),
            ["Vault:Auth:AppRole:SecretIdFile"] = Path.Combine(credentials, AppRoleCredentialDelivery.SecretIdFileName),
            ["Vault:Auth:AppRole:SecretIdIsWrapped"] = "true",
            // Host and database only: the user and password come from Vault.
            ["ConnectionStrings:appdb"] = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = proxy.Port, Database = postgres.Database }.ConnectionString,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddVaultClient("vault");
        builder.AddVaultNpgsqlDataSource("appdb", role: "writer");
        builder.Services.AddSingleton<PublishedEvents>();
        builder.Services.AddMassTransit(bus =>
        {
            bus.AddConsumer<PublishedEventRecorder>();
            bus.UsingInMemory((context, transport) => transport.ConfigureEndpoints(context));
        });
        builder.AddWriter();

        var app = builder.Build();
        app.UseWriter();
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new WriterApp(app, proxy, vaultProxy, new Uri(address));
    }

    /// <summary>
    /// Cuts the database the moment the writer's next KV write has returned from Vault: the write has happened,
    /// nothing of it is recorded yet. <see cref="RestoreDatabase"/> brings it back.
    /// </summary>
    public void CutDatabaseAfterNextVaultWrite() => _cutAfterNextVaultWrite = true;

    public void RestoreDatabase() => _database.Restore();

    /// <summary>
    /// Cuts Vault, for this writer only, the moment its next transit HMAC (an Idempotency-Key's fingerprint) has
    /// returned: the key gets claimed, then the secret's write finds its connection refused. <see cref="RestoreVault"/>
    /// brings Vault back.
    /// </summary>
    public void CutVaultAfterNextFingerprint() => _cutVaultAfterNextFingerprint = true;

    public void RestoreVault() => _vault.Restore();

    public async ValueTask DisposeAsync()
    {
        _vaultCalls.Dispose();
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _database.DisposeAsync();
        await _vault.DisposeAsync();
    }

    private void OnVaultCallCompleted(Activity activity)
    {
        if (activity.Status == ActivityStatusCode.Error)
        {
            return;
        }

        if (activity.DisplayName == "vault kv.write" && _cutAfterNextVaultWrite)
        {
            _cutAfterNextVaultWrite = false;
            _database.Cut();
        }
        else if (activity.DisplayName == "vault transit.hmac" && _cutVaultAfterNextFingerprint)
        {
            _cutVaultAfterNextFingerprint = false;
            _vault.Cut();
        }
    }
}
