using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace VaultDemo.VaultClient.Diagnostics;

/// <summary>
/// The <c>VaultDemo.Vault</c> ActivitySource and Meter. Spans carry the operation and the logical path,
/// never bodies, tokens or values; counters make the credential lifecycle visible on a dashboard.
/// </summary>
public sealed class VaultTelemetry : IDisposable
{
    public const string Name = "VaultDemo.Vault";

    private static readonly ActivitySource Source = new(Name);

    private readonly Meter? _meter;
    private readonly Counter<long>? _tokenRenewals;
    private readonly Counter<long>? _logins;
    private readonly Counter<long>? _leaseRenewals;
    private readonly Counter<long>? _credentialRotations;
    private readonly Counter<long>? _cacheHits;
    private readonly Counter<long>? _cacheMisses;
    private readonly bool _tracing;

    public VaultTelemetry(bool tracing = true, bool metrics = true, IMeterFactory? meterFactory = null)
    {
        _tracing = tracing;
        if (!metrics)
        {
            return;
        }

        _meter = meterFactory?.Create(Name) ?? new Meter(Name);
        _tokenRenewals = _meter.CreateCounter<long>("vault.token.renewals", description: "Successful renewals of the client's token.");
        _logins = _meter.CreateCounter<long>("vault.token.logins", description: "Logins, including re-logins before max TTL and after an invalid token.");
        _leaseRenewals = _meter.CreateCounter<long>("vault.lease.renewals", description: "Successful renewals of secret leases.");
        _credentialRotations = _meter.CreateCounter<long>("vault.database.rotations", description: "Database credential sets swapped into a data source.");
        _cacheHits = _meter.CreateCounter<long>("vault.kv.cache.hits", description: "KV reads served from memory.");
        _cacheMisses = _meter.CreateCounter<long>("vault.kv.cache.misses", description: "KV reads that went to Vault.");
    }

    internal Meter? Meter => _meter;

    /// <summary>Starts a client span for one call; <see langword="null"/> when nobody listens or tracing is off.</summary>
    internal Activity? StartCall(string operation, string path)
    {
        if (!_tracing || !Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity("vault " + operation, ActivityKind.Client);
        if (activity is not null)
        {
            activity.SetTag("vault.operation", operation);
            activity.SetTag("vault.path", path);
        }

        return activity;
    }

    internal static Activity? StartInternal(string name) => Source.StartActivity(name, ActivityKind.Internal);

    internal void TokenRenewed() => _tokenRenewals?.Add(1);

    internal void LoggedIn(string reason) => _logins?.Add(1, new KeyValuePair<string, object?>("reason", reason));

    internal void LeaseRenewed() => _leaseRenewals?.Add(1);

    internal void CredentialsRotated(string role) => _credentialRotations?.Add(1, new KeyValuePair<string, object?>("role", role));

    internal void CacheHit(string kind) => _cacheHits?.Add(1, new KeyValuePair<string, object?>("kind", kind));

    internal void CacheMiss(string kind) => _cacheMisses?.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void Dispose() => _meter?.Dispose();
}
