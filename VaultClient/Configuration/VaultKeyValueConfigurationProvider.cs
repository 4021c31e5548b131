using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VaultDemo.VaultClient.Diagnostics;
using VaultDemo.VaultClient.KeyValue;

namespace VaultDemo.VaultClient.Configuration;

/// <summary>
/// Loads one KV v2 secret into configuration and reloads it when its <c>current_version</c> changes (cheap metadata
/// poll). A failed reload keeps the last good values and logs; it never falls back to anything but Vault.
/// </summary>
public sealed class VaultKeyValueConfigurationProvider : ConfigurationProvider, IDisposable
{
    private readonly VaultClient _client;
    private readonly VaultKeyValueConfigurationOptions _options;
    private readonly KeyValueClient _kv;
    private readonly ILogger _logger;
    private readonly ITimer? _timer;
    private int _version;

    public VaultKeyValueConfigurationProvider(VaultClient client, VaultKeyValueConfigurationOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Path, "options.Path");
        _client = client;
        _options = options;
        _kv = options.Mount is { } mount ? client.KeyValueAt(mount) : client.KeyValue;
        _logger = logger ?? NullLogger.Instance;
        if (options.ReloadInterval > TimeSpan.Zero)
        {
            _timer = client.TimeProvider.CreateTimer(_ => _ = PollAsync(), null, options.ReloadInterval, options.ReloadInterval);
        }
    }

    /// <summary>The KV version currently loaded (0 when nothing is).</summary>
    public int Version => Volatile.Read(ref _version);

    public override void Load() => LoadAsync(CancellationToken.None).GetAwaiter().GetResult();

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        // Read latest through Vault, not the short-lived cache: configuration wants the truth at this moment.
        var metadata = await _kv.ReadMetadataAsync(_options.Path, cancellationToken).ConfigureAwait(false);
        if (metadata is null || metadata.CurrentVersion == 0)
        {
            if (!_options.Optional)
            {
                throw new InvalidOperationException($"Vault KV path '{_kv.Mount}/{_options.Path}' does not exist; write it or mark the configuration source optional.");
            }

            return;
        }

        var secret = await _kv.ReadAsync<JsonElement>(_options.Path, metadata.CurrentVersion, cancellationToken).ConfigureAwait(false);
        if (secret is null || secret.IsDeleted)
        {
            return;
        }

        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Flatten(secret.Data, _options.Prefix, data);
        Data = data;
        Volatile.Write(ref _version, secret.Version);
        Log.ConfigurationLoaded(_logger, _options.Path, data.Count, secret.Version);
    }

    /// <summary>Checks the version once and reloads (raising the change token) if it moved.</summary>
    public async Task<bool> PollAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var metadata = await _kv.ReadMetadataAsync(_options.Path, cancellationToken).ConfigureAwait(false);
            if (metadata is null || metadata.CurrentVersion == Version)
            {
                return false;
            }

            await LoadAsync(cancellationToken).ConfigureAwait(false);
            OnReload();
            return true;
        }
        catch (Exception e) when (e is VaultApiException or InvalidOperationException)
        {
            Log.ConfigurationReloadFailed(_logger, _options.Path, Version, e);
            return false;
        }
    }

    public void Dispose() => _timer?.Dispose();

    private static void Flatten(JsonElement element, string? prefix, Dictionary<string, string?> data)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Flatten(property.Value, prefix is null ? property.Name : ConfigurationPath.Combine(prefix, property.Name), data);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, ConfigurationPath.Combine(prefix ?? "", (index++).ToString(System.Globalization.CultureInfo.InvariantCulture)), data);
                }

                break;
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                if (prefix is not null)
                {
                    data[prefix] = null;
                }

                break;
            default:
                if (prefix is not null)
                {
                    data[prefix] = element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText();
                }

                break;
        }
    }
}
