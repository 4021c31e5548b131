using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using DevVault.Core;
using DevVault.Storage;

namespace DevVault.Transit;

/// <summary>
/// The transit engine (VAULT-API.md 6): named, versioned keys that encrypt, sign and HMAC on the caller's behalf.
/// Key material never leaves the engine except through <c>export</c> on exportable keys.
/// </summary>
public sealed partial class TransitBackend(BackendContext context) : IBackend
{
    private const string KeyPrefix = "policy/";

    private readonly ConcurrentDictionary<string, TransitKey> _cache = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public string Type => "transit";

    public IReadOnlyList<string> UnauthenticatedPaths => [];

    public IReadOnlyList<string> RootPaths => [];

    public async ValueTask<bool?> ExistsAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        // Only encrypt upserts: a caller with "create" on encrypt/<name> may create the key by encrypting.
        if (request.RelativePath.Split('/') is ["encrypt", var name])
        {
            return await FindKeyAsync(name, cancellationToken) is not null;
        }

        return null;
    }

    public async ValueTask<LogicalResponse?> HandleAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        var segments = request.RelativePath.TrimEnd('/').Split('/');
        var op = request.Operation;
        var write = op is Operation.Create or Operation.Update;
        return (segments, op) switch
        {
            (["keys"] or [""], Operation.List) => await ListKeysAsync(cancellationToken),
            (["keys", var name], Operation.Read) => KeyInfo(await RequireKeyAsync(name, cancellationToken)),
            (["keys", var name], _) when write => await CreateKeyAsync(name, request.Data, cancellationToken),
            (["keys", var name], Operation.Delete) => await DeleteKeyAsync(name, cancellationToken),
            (["keys", var name, "rotate"], _) when write => KeyInfo(await RotateAsync(name, cancellationToken)),
            (["keys", var name, "config"], _) when write => KeyInfo(await ConfigureAsync(name, request.Data, cancellationToken)),
            (["encrypt", var name], _) when write => await EncryptAsync(name, request.Data, op == Operation.Create, cancellationToken),
            (["decrypt", var name], _) when write => Decrypt(await RequireEncryptionKeyAsync(name, cancellationToken), request.Data),
            (["rewrap", var name], _) when write => Rewrap(await RequireEncryptionKeyAsync(name, cancellationToken), request.Data),
            (["datakey", var kind, var name], _) when write => DataKey(await RequireEncryptionKeyAsync(name, cancellationToken), kind, request.Data),
            (["hmac", var name, .. var rest], _) when write => Hmac(await RequireKeyAsync(name, cancellationToken), Algorithm(request.Data, rest, "algorithm"), request.Data),
            (["sign", var name, .. var rest], _) when write => Sign(await RequireKeyAsync(name, cancellationToken), Algorithm(request.Data, rest, "hash_algorithm"), request.Data),
            (["verify", var name, .. var rest], _) when write => Verify(await RequireKeyAsync(name, cancellationToken), rest, request.Data),
            (["random", .. var rest], _) when write => Random(rest, request.Data),
            (["hash", .. var rest], _) when write => Hash(rest, request.Data),
            (["export", var kind, var name, .. var rest], Operation.Read) => Export(await RequireKeyAsync(name, cancellationToken), kind, rest),
            _ => throw VaultException.UnsupportedPath(),
        };
    }

    private async Task<LogicalResponse> ListKeysAsync(CancellationToken cancellationToken)
    {
        var names = await context.Storage.ListAsync(KeyPrefix, cancellationToken);
        return names.Count == 0
            ? throw VaultException.NotFound()
            : LogicalResponse.WithData(new JsonObject { ["keys"] = JsonArrays.Strings(names) });
    }

    private async Task<LogicalResponse> CreateKeyAsync(string name, JsonObject data, CancellationToken cancellationToken)
    {
        var existing = await FindKeyAsync(name, cancellationToken);
        if (existing is not null)
        {
            var info = KeyInfo(existing);
            info.Warnings.Add($"key {name} already existed");
            return info;
        }

        return KeyInfo(await CreateKeyCoreAsync(name, data, cancellationToken));
    }

    private async Task<TransitKey> CreateKeyCoreAsync(string name, JsonObject data, CancellationToken cancellationToken)
    {
        var typeName = data.GetString("type") is { Length: > 0 } t ? t : "aes256-gcm96";
        if (!TransitKeyTypes.TryParse(typeName, out var type))
        {
            throw VaultException.BadRequest($"unknown key type {typeName}");
        }

        var derived = data.GetBool("derived", false);
        var convergent = data.GetBool("convergent_encryption", false);
        if (convergent && !derived)
        {
            throw VaultException.BadRequest("convergent encryption requires derivation to be enabled");
        }

        if (derived && !type.SupportsEncryption())
        {
            throw VaultException.BadRequest($"key derivation is not supported for key type {typeName}");
        }

        var autoRotate = data.GetDuration("auto_rotate_period", TimeSpan.Zero);
        ValidateAutoRotate(autoRotate);
        var keySize = (int)data.GetInt("key_size", 0);
        if (type == TransitKeyType.Hmac)
        {
            keySize = keySize == 0 ? 32 : keySize;
            if (keySize is < 32 or > 512)
            {
                throw VaultException.BadRequest("invalid key_size provided, must be between 32 and 512 bytes");
            }
        }
        else if (keySize != 0)
        {
            throw VaultException.BadRequest($"key_size is not valid for algorithm {typeName}");
        }

        var record = new TransitKeyRecord
        {
            Name = name,
            Type = type.ToWire(),
            Derived = derived,
            ConvergentEncryption = convergent,
            Exportable = data.GetBool("exportable", false),
            AllowPlaintextBackup = data.GetBool("allow_plaintext_backup", false),
            AutoRotatePeriodSeconds = autoRotate.ToSeconds(),
            KeySize = keySize,
            LatestVersion = 1,
            Versions = { [1] = TransitKey.NewVersion(type, keySize, context.Time.GetUtcNow()) },
        };

        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            // A concurrent upsert may have won the race; its key stands.
            if (await LoadAsync(name, cancellationToken) is { } winner)
            {
                return winner;
            }

            return await SaveAsync(record, cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task<LogicalResponse?> DeleteKeyAsync(string name, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var key = await LoadAsync(name, cancellationToken) ?? throw VaultException.BadRequest($"error deleting policy {name}: policy not found");
            if (!key.Record.DeletionAllowed)
            {
                throw VaultException.BadRequest($"error deleting policy {name}: deletion is not allowed for this key");
            }

            await context.Storage.DeleteAsync(KeyPrefix + name, cancellationToken);
            _cache.TryRemove(name, out _);
            return null;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private Task<TransitKey> RotateAsync(string name, CancellationToken cancellationToken) =>
        MutateAsync(name, (record, type) => AddVersion(record, type), cancellationToken);

    private Task<TransitKey> ConfigureAsync(string name, JsonObject data, CancellationToken cancellationToken) =>
        MutateAsync(
            name,
            (record, _) =>
            {
                var minDecryption = (int)data.GetInt("min_decryption_version", record.MinDecryptionVersion);
                var minEncryption = (int)data.GetInt("min_encryption_version", record.MinEncryptionVersion);
                if (minDecryption < 0 || minDecryption > record.LatestVersion)
                {
                    throw VaultException.BadRequest("cannot set min decryption version of a value greater than the latest version");
                }

                if (minEncryption < 0 || minEncryption > record.LatestVersion)
                {
                    throw VaultException.BadRequest("cannot set min encryption version of a value greater than the latest version");
                }

                if (minEncryption != 0 && minEncryption < Math.Max(minDecryption, 1))
                {
                    throw VaultException.BadRequest("min encryption version must be greater than or equal to min decryption version");
                }

                var exportable = data.GetBool("exportable");
                if (exportable == false && record.Exportable)
                {
                    throw VaultException.BadRequest("exportability cannot be disabled after enabling");
                }

                var plaintextBackup = data.GetBool("allow_plaintext_backup");
                if (plaintextBackup == false && record.AllowPlaintextBackup)
                {
                    throw VaultException.BadRequest("plaintext backup cannot be disabled after enabling");
                }

                if (data.GetDuration("auto_rotate_period") is { } autoRotate)
                {
                    ValidateAutoRotate(autoRotate);
                    record.AutoRotatePeriodSeconds = autoRotate.ToSeconds();
                }

                record.MinDecryptionVersion = Math.Max(minDecryption, 1);
                record.MinEncryptionVersion = minEncryption;
                record.DeletionAllowed = data.GetBool("deletion_allowed", record.DeletionAllowed);
                record.Exportable = exportable ?? record.Exportable;
                record.AllowPlaintextBackup = plaintextBackup ?? record.AllowPlaintextBackup;
            },
            cancellationToken);

    private void AddVersion(TransitKeyRecord record, TransitKeyType type)
    {
        record.LatestVersion++;
        record.Versions[record.LatestVersion] = TransitKey.NewVersion(type, record.KeySize, context.Time.GetUtcNow());
    }

    /// <summary>Applies a change to a copy of the stored record under the write lock, persists it and swaps the cache entry.</summary>
    private async Task<TransitKey> MutateAsync(string name, Action<TransitKeyRecord, TransitKeyType> change, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var current = await context.Storage.GetJsonAsync<TransitKeyRecord>(KeyPrefix + name, cancellationToken) ?? throw VaultException.NotFound();
            change(current, TransitKeyTypes.TryParse(current.Type, out var type) ? type : throw VaultException.Internal());
            return await SaveAsync(current, cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task<TransitKey> SaveAsync(TransitKeyRecord record, CancellationToken cancellationToken)
    {
        await context.Storage.PutJsonAsync(KeyPrefix + record.Name, record, cancellationToken);
        var key = new TransitKey(record);
        _cache[record.Name] = key;
        return key;
    }

    private async Task<TransitKey?> LoadAsync(string name, CancellationToken cancellationToken)
    {
        var record = await context.Storage.GetJsonAsync<TransitKeyRecord>(KeyPrefix + name, cancellationToken);
        if (record is null)
        {
            return null;
        }

        var key = new TransitKey(record);
        _cache[name] = key;
        return key;
    }

    /// <summary>The cached key, loading it on first use and rotating it first when its auto-rotate period has passed.</summary>
    private async Task<TransitKey?> FindKeyAsync(string name, CancellationToken cancellationToken)
    {
        if (name.Length == 0)
        {
            throw VaultException.BadRequest("missing name");
        }

        var key = _cache.TryGetValue(name, out var cached) ? cached : await LoadAsync(name, cancellationToken);
        if (key is { Record.AutoRotatePeriodSeconds: > 0 } &&
            context.Time.GetUtcNow() - key.Record.Versions[key.Record.LatestVersion].CreationTime >= TimeSpan.FromSeconds(key.Record.AutoRotatePeriodSeconds))
        {
            key = await MutateAsync(
                name,
                (record, type) =>
                {
                    // Another request may have rotated it while this one waited for the lock.
                    if (context.Time.GetUtcNow() - record.Versions[record.LatestVersion].CreationTime >= TimeSpan.FromSeconds(record.AutoRotatePeriodSeconds))
                    {
                        AddVersion(record, type);
                    }
                },
                cancellationToken);
        }

        return key;
    }

    private async Task<TransitKey> RequireKeyAsync(string name, CancellationToken cancellationToken) =>
        await FindKeyAsync(name, cancellationToken) ?? throw VaultException.NotFound();

    private async Task<TransitKey> RequireEncryptionKeyAsync(string name, CancellationToken cancellationToken)
    {
        var key = await FindKeyAsync(name, cancellationToken) ?? throw VaultException.BadRequest("encryption key not found");
        return key.Type.SupportsEncryption() ? key : throw VaultException.BadRequest($"key type {key.Type.ToWire()} does not support encryption");
    }

    private static void ValidateAutoRotate(TimeSpan period)
    {
        if (period != TimeSpan.Zero && period < TimeSpan.FromHours(1))
        {
            throw VaultException.BadRequest("auto rotate period must be 0 to disable or at least an hour");
        }
    }

    private LogicalResponse KeyInfo(TransitKey key)
    {
        var record = key.Record;
        var versions = new JsonObject();
        foreach (var (version, material) in record.Versions.OrderBy(v => v.Key))
        {
            versions[version.ToString(System.Globalization.CultureInfo.InvariantCulture)] = key.Type.IsAsymmetric()
                ? new JsonObject
                {
                    ["public_key"] = material.PublicKeyPem,
                    ["creation_time"] = material.CreationTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                    ["name"] = key.Type == TransitKeyType.Ed25519 ? "ed25519" : "P-256",
                }
                : JsonValue.Create(material.CreationTime.ToUnixTimeSeconds());
        }

        var data = new JsonObject
        {
            ["name"] = record.Name,
            ["type"] = record.Type,
            ["derived"] = record.Derived,
            ["deletion_allowed"] = record.DeletionAllowed,
            ["exportable"] = record.Exportable,
            ["allow_plaintext_backup"] = record.AllowPlaintextBackup,
            ["keys"] = versions,
            ["latest_version"] = record.LatestVersion,
            ["min_available_version"] = 0,
            ["min_decryption_version"] = record.MinDecryptionVersion,
            ["min_encryption_version"] = record.MinEncryptionVersion,
            ["supports_encryption"] = key.Type.SupportsEncryption(),
            ["supports_decryption"] = key.Type.SupportsEncryption(),
            ["supports_derivation"] = key.Type.SupportsEncryption(),
            ["supports_signing"] = key.Type.SupportsSigning(),
            ["auto_rotate_period"] = record.AutoRotatePeriodSeconds,
            ["imported_key"] = false,
        };
        if (record.Derived)
        {
            data["kdf"] = "hkdf_sha256";
            data["convergent_encryption"] = record.ConvergentEncryption;
        }

        return LogicalResponse.WithData(data);
    }
}
