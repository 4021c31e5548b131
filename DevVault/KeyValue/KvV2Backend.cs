using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DevVault.Core;
using DevVault.Storage;

namespace DevVault.KeyValue;

/// <summary>
/// The versioned key/value engine (KV v2, VAULT-API.md section 4): versions with check-and-set, soft delete,
/// undelete, destroy, metadata, pruning past max_versions, and Vault's exact replies for deleted versions.
/// Writes to one key are serialised; reads take no lock.
/// </summary>
public sealed class KvV2Backend(BackendContext context) : IBackend
{
    private const int DefaultMaxVersions = 10;
    private const string InvalidPathWarning = "Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API endpoints to use. If using the Vault CLI, use 'vault kv get' for this operation.";

    private readonly IStorage _storage = context.Storage;
    private readonly TimeProvider _time = context.Time;
    private readonly KeyLocks _locks = new();

    public string Type => "kv";

    public IReadOnlyList<string> UnauthenticatedPaths => [];

    public IReadOnlyList<string> RootPaths => [];

    public async ValueTask<bool?> ExistsAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        var (area, key) = Split(request.RelativePath);
        return area switch
        {
            "config" => true,
            "data" or "metadata" when key.Length > 0 => await LoadMetadataAsync(key, cancellationToken) is not null,
            _ => null,
        };
    }

    public async ValueTask<LogicalResponse?> HandleAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        var (area, key) = Split(request.RelativePath);
        var op = request.Operation;
        var write = op is Operation.Create or Operation.Update;
        if (area == "config")
        {
            return op == Operation.Read ? ReadConfig(await LoadConfigAsync(cancellationToken)) : write ? await WriteConfigAsync(request.Data, cancellationToken) : throw VaultException.UnsupportedOperation();
        }

        if (area == "metadata" && op == Operation.List)
        {
            return await ListAsync(key, cancellationToken);
        }

        if (key.Length == 0 || area is not ("data" or "metadata" or "delete" or "undelete" or "destroy" or "subkeys"))
        {
            var invalid = new LogicalResponse { StatusCode = 404 };
            invalid.Warnings.Add(InvalidPathWarning);
            return invalid;
        }

        return (area, op) switch
        {
            ("data", Operation.Read) => await ReadAsync(key, request.Data, cancellationToken),
            ("data", Operation.Create or Operation.Update) => await WriteAsync(key, request.Data, cancellationToken),
            ("data", Operation.Patch) => await PatchAsync(key, request.Data, cancellationToken),
            ("data", Operation.Delete) => await SoftDeleteLatestAsync(key, cancellationToken),
            ("metadata", Operation.Read) => await ReadMetadataAsync(key, cancellationToken),
            ("metadata", Operation.Create or Operation.Update or Operation.Patch) => await WriteMetadataAsync(key, request.Data, op == Operation.Patch, cancellationToken),
            ("metadata", Operation.Delete) => await DeleteAllAsync(key, cancellationToken),
            ("delete" or "undelete" or "destroy", Operation.Create or Operation.Update) => await ChangeVersionsAsync(area, key, request.Data, cancellationToken),
            ("subkeys", Operation.Read) => await SubkeysAsync(key, request.Data, cancellationToken),
            _ => throw VaultException.UnsupportedOperation(),
        };
    }

    private async ValueTask<LogicalResponse> ReadAsync(string key, JsonObject query, CancellationToken cancellationToken)
    {
        var metadata = await LoadMetadataAsync(key, cancellationToken) ?? throw VaultException.NotFound();
        var version = (int)(query.GetInt("version") ?? 0);
        if (version == 0)
        {
            version = metadata.CurrentVersion;
        }

        if (!metadata.Versions.TryGetValue(version, out var info))
        {
            throw VaultException.NotFound();
        }

        var versionMetadata = VersionMetadata(metadata, version, info);
        if (info.Destroyed || info.IsDeleted(_time.GetUtcNow()))
        {
            return new LogicalResponse { StatusCode = 404, Data = new JsonObject { ["data"] = null, ["metadata"] = versionMetadata } };
        }

        var bytes = await _storage.GetAsync(VersionKey(key, version), cancellationToken) ?? throw VaultException.NotFound();
        return LogicalResponse.WithData(new JsonObject { ["data"] = JsonNode.Parse(bytes), ["metadata"] = versionMetadata });
    }

    private async ValueTask<LogicalResponse> WriteAsync(string key, JsonObject body, CancellationToken cancellationToken)
    {
        if (body["data"] is not JsonObject data)
        {
            throw VaultException.BadRequest("no data provided");
        }

        using var _ = await _locks.AcquireAsync(key, cancellationToken);
        return await StoreVersionAsync(key, data, Cas(body), await LoadMetadataAsync(key, cancellationToken), cancellationToken);
    }

    private async ValueTask<LogicalResponse> PatchAsync(string key, JsonObject body, CancellationToken cancellationToken)
    {
        if (body["data"] is not JsonObject patch)
        {
            throw VaultException.BadRequest("no data provided");
        }

        using var _ = await _locks.AcquireAsync(key, cancellationToken);
        var metadata = await LoadMetadataAsync(key, cancellationToken);
        if (metadata is null || metadata.CurrentVersion == 0)
        {
            return new LogicalResponse { StatusCode = 404, RawJson = "" };
        }

        var info = metadata.Versions[metadata.CurrentVersion];
        if (info.Destroyed || info.IsDeleted(_time.GetUtcNow()))
        {
            return new LogicalResponse { StatusCode = 404, Data = new JsonObject { ["data"] = null, ["metadata"] = VersionMetadata(metadata, metadata.CurrentVersion, info) } };
        }

        var current = JsonNode.Parse(await _storage.GetAsync(VersionKey(key, metadata.CurrentVersion), cancellationToken) ?? "{}"u8.ToArray())!.AsObject();
        MergePatch(current, patch);
        return await StoreVersionAsync(key, current, Cas(body), metadata, cancellationToken);
    }

    private async ValueTask<LogicalResponse> StoreVersionAsync(string key, JsonObject data, long? cas, KeyMetadata? metadata, CancellationToken cancellationToken)
    {
        var config = await LoadConfigAsync(cancellationToken);
        var casRequired = config.CasRequired || metadata?.CasRequired == true;
        if (casRequired && cas is null)
        {
            throw VaultException.BadRequest("check-and-set parameter required for this call");
        }

        var current = metadata?.CurrentVersion ?? 0;
        if (cas is { } expected && expected != current)
        {
            throw VaultException.BadRequest("check-and-set parameter did not match the current version");
        }

        var now = _time.GetUtcNow();
        metadata ??= new KeyMetadata { CreatedTime = now };
        var version = current + 1;
        var deleteAfter = metadata.DeleteVersionAfterSeconds > 0 ? metadata.DeleteVersionAfterSeconds : config.DeleteVersionAfterSeconds;
        var info = new VersionInfo { CreatedTime = now, DeletionTime = deleteAfter > 0 ? now.AddSeconds(deleteAfter) : null };

        List<StorageWrite> writes = [StorageWrite.Put(VersionKey(key, version), Encoding.UTF8.GetBytes(data.ToJsonString(VaultJson.SerializerOptions)))];
        metadata.Versions[version] = info;
        metadata.CurrentVersion = version;
        metadata.UpdatedTime = now;
        await CommitMetadataAsync(key, metadata, config, writes, cancellationToken);
        return LogicalResponse.WithData(VersionMetadata(metadata, version, info));
    }

    /// <summary>
    /// Prunes versions past max_versions and stores the metadata, together with <paramref name="writes"/>, as one
    /// storage write: on PostgreSQL one transaction, so a version never lands without the metadata that names it.
    /// </summary>
    private async ValueTask CommitMetadataAsync(string key, KeyMetadata metadata, KvConfig config, List<StorageWrite> writes, CancellationToken cancellationToken)
    {
        var max = metadata.MaxVersions > 0 ? metadata.MaxVersions : config.MaxVersions > 0 ? config.MaxVersions : DefaultMaxVersions;
        while (metadata.Versions.Count > max)
        {
            var oldest = metadata.Versions.Keys.First();
            metadata.Versions.Remove(oldest);
            writes.Add(StorageWrite.Delete(VersionKey(key, oldest)));
            metadata.OldestVersion = metadata.Versions.Keys.First();
        }

        writes.Add(StorageJson.JsonWrite(MetadataKey(key), metadata));
        await _storage.WriteAsync(writes, cancellationToken);
    }

    private async ValueTask<LogicalResponse?> SoftDeleteLatestAsync(string key, CancellationToken cancellationToken)
    {
        using var _ = await _locks.AcquireAsync(key, cancellationToken);
        var metadata = await LoadMetadataAsync(key, cancellationToken);
        if (metadata is null || !metadata.Versions.TryGetValue(metadata.CurrentVersion, out var info))
        {
            return null;
        }

        var now = _time.GetUtcNow();
        if (!info.Destroyed && !info.IsDeleted(now))
        {
            info.DeletionTime = now;
            await SaveMetadataAsync(key, metadata, cancellationToken);
        }

        return null;
    }

    private async ValueTask<LogicalResponse?> ChangeVersionsAsync(string action, string key, JsonObject body, CancellationToken cancellationToken)
    {
        var versions = (body.GetStringList("versions") ?? [])
            .Select(v => int.TryParse(v, out var n) ? n : throw VaultException.BadRequest("Field validation failed: error converting input for field \"versions\""))
            .ToList();
        if (versions.Count == 0)
        {
            throw VaultException.BadRequest(action == "delete" ? "No version number provided" : "no version number provided");
        }

        using var _ = await _locks.AcquireAsync(key, cancellationToken);
        var metadata = await LoadMetadataAsync(key, cancellationToken);
        if (metadata is null)
        {
            return null;
        }

        var now = _time.GetUtcNow();
        foreach (var version in versions)
        {
            if (!metadata.Versions.TryGetValue(version, out var info) || info.Destroyed)
            {
                continue;
            }

            switch (action)
            {
                case "delete" when !info.IsDeleted(now):
                    info.DeletionTime = now;
                    break;
                case "undelete":
                    info.DeletionTime = null;
                    break;
                case "destroy":
                    info.Destroyed = true;
                    await _storage.DeleteAsync(VersionKey(key, version), cancellationToken);
                    break;
            }
        }

        await SaveMetadataAsync(key, metadata, cancellationToken);
        return null;
    }

    private async ValueTask<LogicalResponse> ReadMetadataAsync(string key, CancellationToken cancellationToken)
    {
        var metadata = await LoadMetadataAsync(key, cancellationToken) ?? throw VaultException.NotFound();
        var versions = new JsonObject();
        foreach (var (number, info) in metadata.Versions)
        {
            versions[number.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new JsonObject
            {
                ["created_time"] = VaultJson.Rfc3339(info.CreatedTime),
                ["deletion_time"] = info.DeletionTime is { } at ? VaultJson.Rfc3339(at) : "",
                ["destroyed"] = info.Destroyed,
            };
        }

        return LogicalResponse.WithData(new JsonObject
        {
            ["cas_required"] = metadata.CasRequired,
            ["created_time"] = VaultJson.Rfc3339(metadata.CreatedTime),
            ["current_version"] = metadata.CurrentVersion,
            ["custom_metadata"] = CustomMetadata(metadata),
            ["delete_version_after"] = Durations.ToGoString(TimeSpan.FromSeconds(metadata.DeleteVersionAfterSeconds)),
            ["max_versions"] = metadata.MaxVersions,
            ["oldest_version"] = metadata.OldestVersion,
            ["updated_time"] = VaultJson.Rfc3339(metadata.UpdatedTime),
            ["versions"] = versions,
        });
    }

    private async ValueTask<LogicalResponse?> WriteMetadataAsync(string key, JsonObject body, bool patch, CancellationToken cancellationToken)
    {
        using var _ = await _locks.AcquireAsync(key, cancellationToken);
        var now = _time.GetUtcNow();
        var metadata = await LoadMetadataAsync(key, cancellationToken);
        if (metadata is null)
        {
            if (patch)
            {
                throw VaultException.NotFound();
            }

            metadata = new KeyMetadata { CreatedTime = now };
        }

        if (body.GetInt("max_versions") is { } maxVersions)
        {
            metadata.MaxVersions = maxVersions < 0 ? throw VaultException.BadRequest("max_versions must be a non-negative integer") : (int)maxVersions;
        }

        if (body.GetBool("cas_required") is { } casRequired)
        {
            metadata.CasRequired = casRequired;
        }

        if (body.GetDuration("delete_version_after") is { } deleteAfter)
        {
            metadata.DeleteVersionAfterSeconds = deleteAfter.ToSeconds();
        }

        if (body.Has("custom_metadata"))
        {
            var custom = body.GetStringMap("custom_metadata") ?? [];
            ValidateCustomMetadata(custom);
            metadata.CustomMetadata = patch && metadata.CustomMetadata is { } existing
                ? existing.Concat(custom).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value)
                : custom;
        }

        metadata.UpdatedTime = now;
        await CommitMetadataAsync(key, metadata, await LoadConfigAsync(cancellationToken), [], cancellationToken);
        return null;
    }

    private async ValueTask<LogicalResponse?> DeleteAllAsync(string key, CancellationToken cancellationToken)
    {
        using var _ = await _locks.AcquireAsync(key, cancellationToken);
        var metadata = await LoadMetadataAsync(key, cancellationToken);
        if (metadata is not null)
        {
            foreach (var version in metadata.Versions.Keys)
            {
                await _storage.DeleteAsync(VersionKey(key, version), cancellationToken);
            }

            await _storage.DeleteAsync(MetadataKey(key), cancellationToken);
        }

        return null;
    }

    private async ValueTask<LogicalResponse> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var keys = await _storage.ListAsync(MetadataKey(prefix), cancellationToken);
        return keys.Count == 0
            ? throw VaultException.NotFound()
            : LogicalResponse.WithData(new JsonObject { ["keys"] = JsonArrays.Strings(keys) });
    }

    private async ValueTask<LogicalResponse> SubkeysAsync(string key, JsonObject query, CancellationToken cancellationToken)
    {
        var read = await ReadAsync(key, query, cancellationToken);
        if (read.StatusCode == 404)
        {
            return read;
        }

        var depth = (int)(query.GetInt("depth") ?? 0);
        return LogicalResponse.WithData(new JsonObject
        {
            ["subkeys"] = Subkeys(read.Data!["data"]!.AsObject(), depth, 1),
            ["metadata"] = read.Data!["metadata"]!.DeepClone(),
        });
    }

    private static JsonObject Subkeys(JsonObject data, int depth, int level)
    {
        var result = new JsonObject();
        foreach (var (name, value) in data)
        {
            result[name] = value is JsonObject nested && (depth == 0 || level < depth) ? Subkeys(nested, depth, level + 1) : null;
        }

        return result;
    }

    private static LogicalResponse ReadConfig(KvConfig config) => LogicalResponse.WithData(new JsonObject
    {
        ["cas_required"] = config.CasRequired,
        ["delete_version_after"] = Durations.ToGoString(TimeSpan.FromSeconds(config.DeleteVersionAfterSeconds)),
        ["max_versions"] = config.MaxVersions,
    });

    private async ValueTask<LogicalResponse?> WriteConfigAsync(JsonObject body, CancellationToken cancellationToken)
    {
        var config = await LoadConfigAsync(cancellationToken);
        config.MaxVersions = (int)(body.GetInt("max_versions") ?? config.MaxVersions);
        config.CasRequired = body.GetBool("cas_required") ?? config.CasRequired;
        config.DeleteVersionAfterSeconds = body.GetDuration("delete_version_after")?.ToSeconds() ?? config.DeleteVersionAfterSeconds;
        await _storage.PutJsonAsync("config", config, cancellationToken);
        return null;
    }

    private JsonObject VersionMetadata(KeyMetadata metadata, int version, VersionInfo info) => new()
    {
        ["created_time"] = VaultJson.Rfc3339(info.CreatedTime),
        ["custom_metadata"] = CustomMetadata(metadata),
        ["deletion_time"] = info.DeletionTime is { } at ? VaultJson.Rfc3339(at) : "",
        ["destroyed"] = info.Destroyed,
        ["version"] = version,
    };

    private static JsonObject? CustomMetadata(KeyMetadata metadata) =>
        metadata.CustomMetadata is { Count: > 0 } custom
            ? new JsonObject(custom.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value))))
            : null;

    private static void ValidateCustomMetadata(Dictionary<string, string> custom)
    {
        if (custom.Count > 64)
        {
            throw VaultException.BadRequest("custom_metadata can only contain up to 64 keys");
        }

        foreach (var (key, value) in custom)
        {
            if (key.Length > 128 || value.Length > 512)
            {
                throw VaultException.BadRequest($"custom_metadata key \"{key}\" or its value is too long (keys up to 128, values up to 512 characters)");
            }
        }
    }

    private static long? Cas(JsonObject body)
    {
        if (body["options"] is not JsonObject options || !options.Has("cas"))
        {
            return null;
        }

        try
        {
            return options.GetInt("cas");
        }
        catch (VaultException)
        {
            throw VaultException.BadRequest("error parsing check-and-set parameter");
        }
    }

    // RFC 7396: objects merge recursively, null removes a member, anything else replaces.
    private static void MergePatch(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch)
        {
            if (value is null)
            {
                target.Remove(name);
            }
            else if (value is JsonObject nested && target[name] is JsonObject existing)
            {
                MergePatch(existing, nested);
            }
            else
            {
                target[name] = value.DeepClone();
            }
        }
    }

    private async ValueTask<KvConfig> LoadConfigAsync(CancellationToken cancellationToken) =>
        await _storage.GetJsonAsync<KvConfig>("config", cancellationToken) ?? new KvConfig();

    private ValueTask<KeyMetadata?> LoadMetadataAsync(string key, CancellationToken cancellationToken) =>
        _storage.GetJsonAsync<KeyMetadata>(MetadataKey(key), cancellationToken);

    private ValueTask SaveMetadataAsync(string key, KeyMetadata metadata, CancellationToken cancellationToken) =>
        _storage.PutJsonAsync(MetadataKey(key), metadata, cancellationToken);

    private static string MetadataKey(string key) => "meta/" + key;

    private static string VersionKey(string key, int version) => $"ver/{key}/{version}";

    private static (string Area, string Key) Split(string relativePath)
    {
        var slash = relativePath.IndexOf('/');
        return slash < 0 ? (relativePath, "") : (relativePath[..slash], relativePath[(slash + 1)..]);
    }
}
