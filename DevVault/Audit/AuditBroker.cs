using System.Collections.Concurrent;
using DevVault.Core;
using DevVault.Policies;
using DevVault.Storage;

namespace DevVault.Audit;

/// <summary>
/// Fans entries out to every enabled device. With at least one device, an entry that no device could write
/// fails the request with a 500 before (or instead of) its effect: Vault's fail-closed rule. The device table
/// (with each device's HMAC salt) is kept in storage, so devices are back after a restart.
/// </summary>
public sealed partial class AuditBroker(IStorage storage, TimeProvider time, ILogger<AuditBroker> logger) : IAuditBroker
{
    private const string TableKey = "core/audit";

    private readonly ConcurrentDictionary<string, AuditDevice> _devices = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _tableLock = new(1, 1);

    // Asked on every request. Enumerating takes no lock, where IsEmpty takes all of them whenever there is no device.
    public bool HasDevices => _devices.Any();

    public IReadOnlyCollection<AuditDevice> Devices => [.. _devices.Values.OrderBy(d => d.Path, StringComparer.Ordinal)];

    public AuditDevice? Get(string path) => _devices.GetValueOrDefault(path);

    public async ValueTask<bool> TryAddAsync(AuditDevice device, CancellationToken cancellationToken = default)
    {
        await _tableLock.WaitAsync(cancellationToken);
        try
        {
            if (!_devices.TryAdd(device.Path, device))
            {
                return false;
            }

            await PersistAsync(cancellationToken);
            return true;
        }
        finally
        {
            _tableLock.Release();
        }
    }

    public async ValueTask RemoveAsync(string path, CancellationToken cancellationToken = default)
    {
        await _tableLock.WaitAsync(cancellationToken);
        try
        {
            if (_devices.TryRemove(path, out _))
            {
                await PersistAsync(cancellationToken);
            }
        }
        finally
        {
            _tableLock.Release();
        }
    }

    /// <summary>Enables the stored devices again (at unseal).</summary>
    public async ValueTask LoadAsync(CancellationToken cancellationToken = default)
    {
        foreach (var device in await storage.GetJsonAsync<List<AuditDevice>>(TableKey, cancellationToken) ?? [])
        {
            _devices[device.Path] = device;
        }
    }

    /// <summary>Forgets the devices in memory (at seal).</summary>
    public void Unload() => _devices.Clear();

    private ValueTask PersistAsync(CancellationToken cancellationToken) =>
        storage.PutJsonAsync(TableKey, _devices.Values.OrderBy(d => d.Path, StringComparer.Ordinal).ToList(), cancellationToken);

    public ValueTask LogRequestAsync(LogicalRequest request, AclDecision? decision, VaultException? error, CancellationToken cancellationToken)
    {
        Log(request, decision, null, error, isResponse: false);
        return ValueTask.CompletedTask;
    }

    public ValueTask LogResponseAsync(LogicalRequest request, AclDecision? decision, LogicalResponse? response, VaultException? error, CancellationToken cancellationToken)
    {
        Log(request, decision, response, error, isResponse: true);
        return ValueTask.CompletedTask;
    }

    private void Log(LogicalRequest request, AclDecision? decision, LogicalResponse? response, VaultException? error, bool isResponse)
    {
        var now = time.GetUtcNow();
        var written = 0;
        foreach (var device in _devices.Values)
        {
            try
            {
                device.Write(AuditEntryFormatter.Format(device, now, request, decision, response, error, isResponse));
                written++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                LogDeviceFailed(logger, device.Path, e.GetType().Name);
            }
        }

        if (written == 0 && !_devices.IsEmpty)
        {
            throw VaultException.Internal();
        }
    }

    [LoggerMessage(EventId = 301, Level = LogLevel.Error, Message = "Audit device {Device} could not write an entry ({ErrorType})")]
    private static partial void LogDeviceFailed(ILogger logger, string device, string errorType);
}
