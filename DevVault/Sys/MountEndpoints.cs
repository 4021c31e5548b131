using System.Text.Json.Nodes;
using DevVault.Core;
using DevVault.Expiration;
using DevVault.Mounts;

namespace DevVault.Sys;

/// <summary><c>sys/mounts*</c>, <c>sys/auth*</c> and <c>sys/internal/ui/mounts*</c>: enable, list, read, tune, disable (VAULT-API.md 1.5, 1.6).</summary>
public sealed class MountEndpoints(MountTable mounts, ExpirationManager expiration) : ISysEndpoints
{
    public IReadOnlyList<string> Prefixes => ["mounts", "mounts/*", "auth", "auth/*", "internal/ui/mounts", "internal/ui/mounts/*"];

    public IReadOnlyList<string> RootPaths => ["auth/*"];

    public IReadOnlyList<string> TopLevelDataPaths => ["mounts", "mounts/*", "auth", "auth/*"];

    public async ValueTask<LogicalResponse?> HandleAsync(LogicalRequest request, string sysPath, CancellationToken cancellationToken)
    {
        if (sysPath.StartsWith("internal/ui/mounts", StringComparison.Ordinal))
        {
            return UiMounts(sysPath["internal/ui/mounts".Length..].TrimStart('/'));
        }

        var isAuth = sysPath.StartsWith("auth", StringComparison.Ordinal);
        var rest = sysPath[(isAuth ? "auth" : "mounts").Length..].TrimStart('/');
        if (rest.Length == 0)
        {
            return request.Operation is Operation.Read or Operation.List
                ? LogicalResponse.WithData(ListMounts(isAuth))
                : throw VaultException.UnsupportedOperation();
        }

        var tune = rest.EndsWith("/tune", StringComparison.Ordinal) || rest == "tune";
        var path = tune ? rest[..^"tune".Length] : rest;
        path = path.Trim('/') + "/";
        if (isAuth || path.StartsWith("auth/", StringComparison.Ordinal))
        {
            isAuth = true;
            path = path.StartsWith("auth/", StringComparison.Ordinal) ? path : "auth/" + path;
        }

        if (tune)
        {
            return request.Operation == Operation.Read ? LogicalResponse.WithData(TuneInfo(Find(path))) : await TuneAsync(Find(path), request.Data, cancellationToken);
        }

        return request.Operation switch
        {
            Operation.Read => LogicalResponse.WithData(MountInfo(Find(path).Entry)),
            Operation.Create or Operation.Update => await EnableAsync(path, isAuth, request.Data, cancellationToken),
            Operation.Delete => await DisableAsync(path, cancellationToken),
            _ => throw VaultException.UnsupportedOperation(),
        };
    }

    private Mounted Find(string path) =>
        mounts.Get(path) ?? throw VaultException.BadRequest($"cannot fetch sysview for path \"{path}\"");

    private JsonObject ListMounts(bool auth)
    {
        var data = new JsonObject();
        foreach (var mounted in mounts.All.Where(m => m.Entry.IsAuthMethod == auth).OrderBy(m => m.Entry.Path, StringComparer.Ordinal))
        {
            data[auth ? mounted.Entry.Path["auth/".Length..] : mounted.Entry.Path] = MountInfo(mounted.Entry);
        }

        return data;
    }

    private LogicalResponse UiMounts(string path)
    {
        if (path.Length == 0)
        {
            return LogicalResponse.WithData(new JsonObject { ["secret"] = ListMounts(false), ["auth"] = ListMounts(true) });
        }

        var mounted = mounts.Match(path) ?? throw VaultException.BadRequest($"preflight capability check returned 403, please ensure client's policies grant access to path \"{path}\"");
        var info = MountInfo(mounted.Entry);
        info["path"] = mounted.Entry.IsAuthMethod ? mounted.Entry.Path : mounted.Entry.Path;
        return LogicalResponse.WithData(info);
    }

    private async ValueTask<LogicalResponse?> EnableAsync(string path, bool isAuth, JsonObject data, CancellationToken cancellationToken)
    {
        var type = data.GetString("type");
        if (string.IsNullOrEmpty(type))
        {
            throw VaultException.BadRequest("backend type must be specified as a string");
        }

        if (!isAuth && (path.StartsWith("auth/", StringComparison.Ordinal) || path is "sys/" or "cubbyhole/" or "identity/"))
        {
            throw VaultException.BadRequest($"cannot mount \"{path}\" of type \"{type}\": path is reserved");
        }

        var options = data["options"] is JsonObject ? data.GetStringMap("options")! : new Dictionary<string, string>(StringComparer.Ordinal);
        if (type is "kv-v2" or "kv-v1")
        {
            options["version"] = type == "kv-v2" ? "2" : "1";
            type = "kv";
        }
        else if (options.ContainsKey("version") && type != "kv")
        {
            throw VaultException.BadRequest($"secrets engine \"{type}\" does not allow setting a version");
        }

        var config = data["config"] as JsonObject ?? new JsonObject();
        var entry = new MountEntry
        {
            Path = path,
            Type = type,
            Description = data.GetString("description") ?? "",
            Uuid = Ids.Uuid(),
            Accessor = Ids.MountAccessor(isAuth ? "auth_" + type : type),
            Options = options,
            Local = data.GetBool("local", false),
            SealWrap = data.GetBool("seal_wrap", false),
        };
        ApplyConfig(entry, config);
        await mounts.MountAsync(entry, cancellationToken);
        return null;
    }

    private async ValueTask<LogicalResponse?> DisableAsync(string path, CancellationToken cancellationToken)
    {
        if (path is "sys/" or "cubbyhole/" or "auth/token/" or "identity/")
        {
            throw VaultException.BadRequest($"cannot unmount \"{path}\"");
        }

        if (mounts.Get(path) is null)
        {
            return null;
        }

        await expiration.RevokePrefixAsync(path, force: true, sync: true, cancellationToken);
        await mounts.UnmountAsync(path, cancellationToken);
        return null;
    }

    private async ValueTask<LogicalResponse?> TuneAsync(Mounted mounted, JsonObject data, CancellationToken cancellationToken)
    {
        var entry = mounted.Entry;
        ApplyConfig(entry, data);
        if (data.GetString("description") is { } description)
        {
            entry.Description = description;
        }

        if (data["options"] is JsonObject && data.GetStringMap("options") is { } options)
        {
            foreach (var (key, value) in options)
            {
                entry.Options[key] = value;
            }
        }

        await mounts.PersistAsync(cancellationToken);
        return null;
    }

    private static void ApplyConfig(MountEntry entry, JsonObject config)
    {
        if (TtlSetting(config, "default_lease_ttl") is { } defaultTtl)
        {
            entry.DefaultLeaseTtl = defaultTtl;
        }

        if (TtlSetting(config, "max_lease_ttl") is { } maxTtl)
        {
            entry.MaxLeaseTtl = maxTtl;
        }

        if (entry.DefaultLeaseTtl > entry.EffectiveMaxTtl)
        {
            throw VaultException.BadRequest("default lease TTL cannot be greater than max lease TTL");
        }

        if (config.GetStringList("audit_non_hmac_request_keys") is { } requestKeys)
        {
            entry.AuditNonHmacRequestKeys = requestKeys;
        }

        if (config.GetStringList("audit_non_hmac_response_keys") is { } responseKeys)
        {
            entry.AuditNonHmacResponseKeys = responseKeys;
        }
    }

    // "system" resets a TTL to the system default, as Vault's tune does.
    private static TimeSpan? TtlSetting(JsonObject config, string name) =>
        config.GetString(name) is "system" or "" ? TimeSpan.Zero : config.GetDuration(name);

    private static JsonObject TuneInfo(Mounted mounted)
    {
        var entry = mounted.Entry;
        var info = new JsonObject
        {
            ["description"] = entry.Description,
            ["default_lease_ttl"] = entry.EffectiveDefaultTtl.ToSeconds(),
            ["max_lease_ttl"] = entry.EffectiveMaxTtl.ToSeconds(),
            ["force_no_cache"] = false,
        };
        if (entry.Options.Count > 0)
        {
            info["options"] = Options(entry);
        }

        if (entry.IsAuthMethod)
        {
            info["token_type"] = "default-service";
        }

        return info;
    }

    private static JsonObject MountInfo(MountEntry entry)
    {
        var config = new JsonObject
        {
            ["default_lease_ttl"] = entry.DefaultLeaseTtl.ToSeconds(),
            ["max_lease_ttl"] = entry.MaxLeaseTtl.ToSeconds(),
            ["force_no_cache"] = false,
        };
        if (entry.IsAuthMethod)
        {
            config["token_type"] = "default-service";
        }

        if (entry.AuditNonHmacRequestKeys.Count > 0)
        {
            config["audit_non_hmac_request_keys"] = JsonArrays.Strings(entry.AuditNonHmacRequestKeys);
        }

        if (entry.AuditNonHmacResponseKeys.Count > 0)
        {
            config["audit_non_hmac_response_keys"] = JsonArrays.Strings(entry.AuditNonHmacResponseKeys);
        }

        return new JsonObject
        {
            ["type"] = entry.Type,
            ["description"] = entry.Description,
            ["accessor"] = entry.Accessor,
            ["config"] = config,
            ["options"] = entry.Options.Count > 0 ? Options(entry) : null,
            ["local"] = entry.Local,
            ["seal_wrap"] = entry.SealWrap,
            ["external_entropy_access"] = false,
            ["uuid"] = entry.Uuid,
            ["plugin_version"] = "",
            ["running_plugin_version"] = $"v0.0.0+builtin.devvault",
            ["running_sha256"] = "",
            ["deprecation_status"] = entry.Type is "system" or "token" or "cubbyhole" or "identity" ? null : "supported",
        };
    }

    private static JsonObject Options(MountEntry entry)
    {
        var options = new JsonObject();
        foreach (var (key, value) in entry.Options)
        {
            options[key] = value;
        }

        return options;
    }
}
