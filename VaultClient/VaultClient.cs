using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VaultDemo.VaultClient.Admin;
using VaultDemo.VaultClient.Auth;
using VaultDemo.VaultClient.Database;
using VaultDemo.VaultClient.Diagnostics;
using VaultDemo.VaultClient.Leases;
using VaultDemo.VaultClient.KeyValue;
using VaultDemo.VaultClient.Sys;
using VaultDemo.VaultClient.Transit;
using VaultDemo.VaultClient.Transport;

namespace VaultDemo.VaultClient;

/// <summary>
/// A typed client for Vault's HTTP API. One instance per application (it is thread-safe); its
/// <see cref="Token"/> keeps the token alive when <see cref="VaultTokenManager.RunAsync"/> runs
/// (the hosted service registered by <c>AddVaultClient</c> does that).
/// </summary>
public sealed class VaultClient : IDisposable
{
    private readonly VaultTransport _transport;
    private readonly VaultTelemetry _telemetry;
    private readonly KvReadCache _kvCache;
    private readonly bool _ownsTelemetry;

    public VaultClient(HttpClient httpClient, VaultClientOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, VaultTelemetry? telemetry = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        if (httpClient.BaseAddress is null)
        {
            // A fresh HttpClient (as IHttpClientFactory hands out): configure it for Vault once, before its first request.
            var address = options.Address ?? throw new ArgumentException("Set VaultClientOptions.Address (configuration key Vault:Address).", nameof(options));
            httpClient.BaseAddress = ApiBase(address);
            httpClient.Timeout = options.RequestTimeout;
            VaultTransport.ConfigureDefaultHeaders(httpClient, options);
        }
        else if (!httpClient.BaseAddress.AbsolutePath.EndsWith("/v1/", StringComparison.Ordinal))
        {
            throw new ArgumentException("A pre-configured HttpClient must have Vault's API root as BaseAddress (ending in /v1/); or pass a fresh HttpClient.", nameof(httpClient));
        }
        Options = options;
        TimeProvider = timeProvider ?? TimeProvider.System;
        loggerFactory ??= NullLoggerFactory.Instance;
        _ownsTelemetry = telemetry is null;
        _telemetry = telemetry ?? new VaultTelemetry(!options.DisableTracing, !options.DisableMetrics);
        _transport = new VaultTransport(httpClient, _telemetry, loggerFactory.CreateLogger<VaultClient>());
        _kvCache = new KvReadCache(TimeProvider, options.LatestReadCacheDuration, options.LatestReadCacheSize, options.VersionedReadCacheSize);

        Auth = new AuthClient(_transport);
        Wrapping = new WrappingClient(_transport);
        Leases = new LeaseClient(_transport);
        Sys = new SystemClient(_transport);
        Admin = new VaultAdminClient(_transport);
        KeyValue = KeyValueAt(options.KeyValueMount);
        Transit = TransitAt(options.TransitMount);
        Database = DatabaseAt(options.DatabaseMount);

        var method = options.AuthMethod ?? CreateAuthMethod(options.Auth, loggerFactory);
        Token = new VaultTokenManager(this, method, TimeProvider, _telemetry, loggerFactory.CreateLogger<VaultTokenManager>());
        _transport.UseTokenSource(Token);
    }

    public VaultClientOptions Options { get; }

    public TimeProvider TimeProvider { get; }

    /// <summary>The token lifecycle: login, renewal, re-login, revocation.</summary>
    public VaultTokenManager Token { get; }

    /// <summary>KV v2 on <see cref="VaultClientOptions.KeyValueMount"/>.</summary>
    public KeyValueClient KeyValue { get; }

    /// <summary>Transit on <see cref="VaultClientOptions.TransitMount"/>.</summary>
    public TransitClient Transit { get; }

    /// <summary>Database credentials on <see cref="VaultClientOptions.DatabaseMount"/>.</summary>
    public DatabaseClient Database { get; }

    public LeaseClient Leases { get; }

    public AuthClient Auth { get; }

    public WrappingClient Wrapping { get; }

    public SystemClient Sys { get; }

    public VaultAdminClient Admin { get; }

    internal VaultTelemetry Telemetry => _telemetry;

    internal KvReadCache KeyValueCache => _kvCache;

    /// <summary>KV v2 on another mount (shares this client's token and caches).</summary>
    public KeyValueClient KeyValueAt(string mount) => new(mount, _transport, _telemetry, _kvCache, Options.KeyValueSerializerOptions);

    public TransitClient TransitAt(string mount) => new(mount, _transport);

    public DatabaseClient DatabaseAt(string mount) => new(mount, _transport);

    /// <summary>Leased broker users from the RabbitMQ secrets engine at <paramref name="mount"/>.</summary>
    public RabbitMq.RabbitMqSecretsClient RabbitMqAt(string mount = "rabbitmq") => new(mount, _transport);

    public void Dispose()
    {
        if (_ownsTelemetry)
        {
            _telemetry.Dispose();
        }
    }

    internal static Uri ApiBase(Uri address) => new(address.AbsoluteUri.TrimEnd('/') + "/v1/");

    private static IVaultAuthMethod CreateAuthMethod(VaultAuthOptions auth, ILoggerFactory loggerFactory) => auth.EffectiveMethod switch
    {
        "approle" => new AppRoleAuthMethod(auth.AppRole, loggerFactory.CreateLogger<AppRoleAuthMethod>()),
        "token" when !string.IsNullOrWhiteSpace(auth.Token) => TokenAuthMethod.FromValue(auth.Token),
        "token" when !string.IsNullOrWhiteSpace(auth.TokenFile) => TokenAuthMethod.FromFile(auth.TokenFile),
        "token" => new MissingAuthMethod(),
        var other => throw new ArgumentException($"Vault:Auth:Method '{other}' is not supported; use 'token' or 'approle'."),
    };

    /// <summary>Stands in when nothing is configured, so unauthenticated calls (health, login, unwrap) still work.</summary>
    private sealed class MissingAuthMethod : IVaultAuthMethod
    {
        public string Name => "none";

        public bool IssuesTokens => false;

        public Task<VaultAuthInfo> LoginAsync(VaultClient client, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("No Vault auth method is configured: set Vault:Auth:Token, Vault:Auth:TokenFile or Vault:Auth:AppRole:RoleId(File).");
    }
}
