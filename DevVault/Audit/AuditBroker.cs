using System.Collections.Concurrent;
using DevVault.Core;
using DevVault.Policies;

namespace DevVault.Audit;

/// <summary>
/// Fans entries out to every enabled device. With at least one device, an entry that no device could write
/// fails the request with a 500 before (or instead of) its effect: Vault's fail-closed rule.
/// </summary>
public sealed partial class AuditBroker(TimeProvider time, ILogger<AuditBroker> logger) : IAuditBroker
{
    private readonly ConcurrentDictionary<string, AuditDevice> _devices = new(StringComparer.Ordinal);

    public bool HasDevices => !_devices.IsEmpty;

    public IReadOnlyCollection<AuditDevice> Devices => [.. _devices.Values.OrderBy(d => d.Path, StringComparer.Ordinal)];

    public AuditDevice? Get(string path) => _devices.GetValueOrDefault(path);

    public bool TryAdd(AuditDevice device) => _devices.TryAdd(device.Path, device);

    public bool Remove(string path) => _devices.TryRemove(path, out _);

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
