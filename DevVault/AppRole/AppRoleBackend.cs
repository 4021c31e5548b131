using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DevVault.Core;
using DevVault.Storage;

namespace DevVault.AppRole;

/// <summary>
/// The AppRole auth method (VAULT-API.md section 3): roles, role ids, secret ids (generated, custom, wrapped by the
/// kernel when asked), lookups and destruction by value or accessor, login, and tidying of expired secret ids.
/// Secret ids are stored only as SHA-256 hashes, so storage never holds a usable credential.
/// </summary>
public sealed class AppRoleBackend : IBackend, IDisposable
{
    private const string InvalidCredentials = "invalid role or secret ID";
    private static readonly TimeSpan TidyInterval = TimeSpan.FromMinutes(1);

    private readonly IStorage _storage;
    private readonly TimeProvider _time;
    private readonly KeyLocks _locks = new();
    private readonly ITimer _tidyTimer;

    public AppRoleBackend(BackendContext context)
    {
        _storage = context.Storage;
        _time = context.Time;
        _tidyTimer = _time.CreateTimer(_ => _ = TidyAsync(CancellationToken.None), null, TidyInterval, TidyInterval);
    }

    public string Type => "approle";

    public IReadOnlyList<string> UnauthenticatedPaths => ["login"];

    public IReadOnlyList<string> RootPaths => [];

    public void Dispose() => _tidyTimer.Dispose();

    public async ValueTask<bool?> ExistsAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        var segments = request.RelativePath.TrimEnd('/').Split('/');
        return segments is ["role", var name] ? await LoadRoleAsync(name, cancellationToken) is not null : null;
    }

    public async ValueTask<LogicalResponse?> HandleAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        var op = request.Operation;
        var write = op is Operation.Create or Operation.Update;
        var segments = request.RelativePath.TrimEnd('/').Split('/');
        return segments switch
        {
            ["login"] when write => await LoginAsync(request, cancellationToken),
            ["role"] when op == Operation.List => await ListRolesAsync(cancellationToken),
            ["tidy", "secret-id"] when write => await TidyAsync(cancellationToken),
            ["role", var name] => op switch
            {
                Operation.Read => ReadRole(await RequireRoleAsync(name, cancellationToken)),
                Operation.Create or Operation.Update => await WriteRoleAsync(name.ToLowerInvariant(), request.Data, cancellationToken),
                Operation.Delete => await DeleteRoleAsync(name, cancellationToken),
                _ => throw VaultException.UnsupportedOperation(),
            },
            ["role", var name, "role-id"] => op switch
            {
                Operation.Read => LogicalResponse.WithData(new JsonObject { ["role_id"] = (await RequireRoleAsync(name, cancellationToken)).RoleId }),
                Operation.Create or Operation.Update => await SetRoleIdAsync(name, request.Data.GetString("role_id"), cancellationToken),
                _ => throw VaultException.UnsupportedOperation(),
            },
            ["role", var name, "secret-id"] when op == Operation.List => await ListSecretIdsAsync(name, cancellationToken),
            ["role", var name, "secret-id"] when write => await CreateSecretIdAsync(name, null, request.Data, cancellationToken),
            ["role", var name, "custom-secret-id"] when write =>
                await CreateSecretIdAsync(name, request.Data.GetString("secret_id") is { Length: > 0 } custom ? custom : throw VaultException.BadRequest("missing secret_id"), request.Data, cancellationToken),
            ["role", var name, "secret-id", "lookup"] when write => await LookupSecretIdAsync(name, ByValue(name, request.Data), cancellationToken),
            ["role", var name, "secret-id", "destroy"] when write || op == Operation.Delete => await DestroySecretIdAsync(name, ByValue(name, request.Data), cancellationToken),
            ["role", var name, "secret-id-accessor", "lookup"] when write => await LookupSecretIdAsync(name, await ByAccessorAsync(name, request.Data, cancellationToken), cancellationToken),
            ["role", var name, "secret-id-accessor", "destroy"] when write || op == Operation.Delete =>
                await DestroySecretIdAsync(name, await ByAccessorAsync(name, request.Data, cancellationToken), cancellationToken),
            ["role", var name, var field] when RoleFields.IsField(field) => await RoleFieldAsync(name, field, request, cancellationToken),
            _ => throw VaultException.UnsupportedPath(),
        };
    }

    private async ValueTask<LogicalResponse> LoginAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        var roleId = request.Data.GetString("role_id");
        if (string.IsNullOrEmpty(roleId))
        {
            throw VaultException.BadRequest("missing role_id");
        }

        var roleName = await _storage.GetAsync(RoleIdKey(roleId), cancellationToken) is { } nameBytes ? Encoding.UTF8.GetString(nameBytes) : null;
        var role = roleName is null ? null : await LoadRoleAsync(roleName, cancellationToken);
        if (role is null)
        {
            throw VaultException.BadRequest(InvalidCredentials);
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["role_name"] = role.Name };
        var tokenCidrs = new List<string>(role.TokenBoundCidrs);
        if (role.BindSecretId)
        {
            var secretId = request.Data.GetString("secret_id");
            if (string.IsNullOrEmpty(secretId))
            {
                throw VaultException.BadRequest("missing secret_id");
            }

            var entry = await ConsumeSecretIdAsync(role, secretId, request.RemoteAddress, cancellationToken);
            foreach (var (key, value) in entry.Metadata)
            {
                metadata[key] = value;
            }

            tokenCidrs.AddRange(entry.TokenBoundCidrs);
        }
        else if (role.SecretIdBoundCidrs.Count > 0 && !Cidr.ContainsAny(role.SecretIdBoundCidrs, request.RemoteAddress))
        {
            throw VaultException.BadRequest($"source address \"{request.RemoteAddress}\" unauthorized by CIDR restrictions on the role");
        }

        return new LogicalResponse
        {
            Auth = new AuthInfo
            {
                DisplayName = "approle",
                Policies = [.. role.TokenPolicies],
                Metadata = metadata,
                Ttl = TimeSpan.FromSeconds(role.TokenTtl),
                MaxTtl = TimeSpan.FromSeconds(role.TokenMaxTtl),
                ExplicitMaxTtl = TimeSpan.FromSeconds(role.TokenExplicitMaxTtl),
                Period = TimeSpan.FromSeconds(role.TokenPeriod),
                NumUses = (int)role.TokenNumUses,
                NoDefaultPolicy = role.TokenNoDefaultPolicy,
                BoundCidrs = tokenCidrs,
                InternalData = new Dictionary<string, string>(StringComparer.Ordinal) { ["role_name"] = role.Name },
            },
        };
    }

    private async ValueTask<SecretIdEntry> ConsumeSecretIdAsync(RoleEntry role, string secretId, string remoteAddress, CancellationToken cancellationToken)
    {
        var key = SecretIdKey(role.Name, secretId);
        using var _ = await _locks.AcquireAsync(key, cancellationToken);
        var entry = await _storage.GetJsonAsync<SecretIdEntry>(key, cancellationToken);
        var now = _time.GetUtcNow();
        if (entry is null || entry.IsExpired(now))
        {
            throw VaultException.BadRequest(InvalidCredentials);
        }

        // Both bounds apply: the role's may have narrowed after this secret id was issued.
        if (role.SecretIdBoundCidrs.Count > 0 && !Cidr.ContainsAny(role.SecretIdBoundCidrs, remoteAddress))
        {
            throw VaultException.BadRequest($"source address \"{remoteAddress}\" unauthorized by CIDR restrictions on the role");
        }

        if (entry.CidrList.Count > 0 && !Cidr.ContainsAny(entry.CidrList, remoteAddress))
        {
            throw VaultException.BadRequest($"source address \"{remoteAddress}\" unauthorized through CIDR restrictions on the secret ID");
        }

        if (entry.NumUses == 1)
        {
            await DeleteSecretIdAsync(key, entry, cancellationToken);
        }
        else if (entry.NumUses > 1)
        {
            entry.NumUses--;
            entry.LastUpdatedTime = now;
            await _storage.PutJsonAsync(key, entry, cancellationToken);
        }

        return entry;
    }

    private async ValueTask<LogicalResponse> CreateSecretIdAsync(string name, string? custom, JsonObject data, CancellationToken cancellationToken)
    {
        var role = await LoadRoleAsync(name, cancellationToken) ?? throw new VaultException(404, $"role \"{name}\" does not exist");
        if (!role.BindSecretId)
        {
            throw VaultException.BadRequest("bind_secret_id is not set on the role");
        }

        var numUses = data.GetInt("num_uses") ?? role.SecretIdNumUses;
        if (numUses < 0)
        {
            throw VaultException.BadRequest("num_uses cannot be negative");
        }

        if (role.SecretIdNumUses > 0 && (numUses == 0 || numUses > role.SecretIdNumUses))
        {
            throw VaultException.BadRequest("num_uses cannot be higher than the role's secret_id_num_uses");
        }

        var ttl = data.GetDuration("ttl")?.ToSeconds() ?? role.SecretIdTtl;
        if (role.SecretIdTtl > 0 && (ttl == 0 || ttl > role.SecretIdTtl))
        {
            throw VaultException.BadRequest("ttl cannot be longer than the role's secret_id_ttl");
        }

        var cidrs = data.GetStringList("cidr_list") ?? [];
        ValidateCidrs("cidr_list", cidrs);
        if (role.SecretIdBoundCidrs.Count > 0 && cidrs.Any(c => !Cidr.IsBlockWithin(c, role.SecretIdBoundCidrs)))
        {
            throw VaultException.BadRequest("failed to validate CIDR blocks: cidr_list is not a subset of the role's secret_id_bound_cidrs");
        }

        var tokenCidrs = data.GetStringList("token_bound_cidrs") ?? [];
        ValidateCidrs("token_bound_cidrs", tokenCidrs);

        var secretId = custom ?? Guid.NewGuid().ToString();
        var key = SecretIdKey(role.Name, secretId);
        if (custom is not null && await _storage.GetAsync(key, cancellationToken) is not null)
        {
            throw VaultException.BadRequest("SecretID is already registered");
        }

        var now = _time.GetUtcNow();
        var entry = new SecretIdEntry
        {
            RoleName = role.Name,
            Accessor = Guid.NewGuid().ToString(),
            CidrList = cidrs,
            TokenBoundCidrs = tokenCidrs,
            NumUses = numUses,
            Ttl = ttl,
            CreationTime = now,
            ExpirationTime = ttl > 0 ? now.AddSeconds(ttl) : null,
            LastUpdatedTime = now,
            Metadata = data.GetStringMap("metadata") ?? new Dictionary<string, string>(StringComparer.Ordinal),
        };
        await _storage.PutJsonAsync(key, entry, cancellationToken);
        await _storage.PutAsync(AccessorKey(role.Name, entry.Accessor), Encoding.UTF8.GetBytes(key), cancellationToken);

        return LogicalResponse.WithData(new JsonObject
        {
            ["secret_id"] = secretId,
            ["secret_id_accessor"] = entry.Accessor,
            ["secret_id_ttl"] = ttl,
            ["secret_id_num_uses"] = numUses,
        });
    }

    private async ValueTask<LogicalResponse?> LookupSecretIdAsync(string name, string? key, CancellationToken cancellationToken)
    {
        await RequireRoleAsync(name, cancellationToken);
        var entry = key is null ? null : await _storage.GetJsonAsync<SecretIdEntry>(key, cancellationToken);
        if (entry is null || entry.IsExpired(_time.GetUtcNow()))
        {
            return null;
        }

        return LogicalResponse.WithData(new JsonObject
        {
            ["cidr_list"] = JsonArrays.Strings(entry.CidrList),
            ["creation_time"] = VaultJson.Rfc3339(entry.CreationTime),
            ["expiration_time"] = entry.ExpirationTime is { } at ? VaultJson.Rfc3339(at) : "0001-01-01T00:00:00Z",
            ["last_updated_time"] = VaultJson.Rfc3339(entry.LastUpdatedTime),
            ["metadata"] = new JsonObject(entry.Metadata.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))),
            ["secret_id_accessor"] = entry.Accessor,
            ["secret_id_num_uses"] = entry.NumUses,
            ["secret_id_ttl"] = entry.Ttl,
            ["token_bound_cidrs"] = JsonArrays.Strings(entry.TokenBoundCidrs),
        });
    }

    private async ValueTask<LogicalResponse?> DestroySecretIdAsync(string name, string? key, CancellationToken cancellationToken)
    {
        await RequireRoleAsync(name, cancellationToken);
        if (key is not null && await _storage.GetJsonAsync<SecretIdEntry>(key, cancellationToken) is { } entry)
        {
            await DeleteSecretIdAsync(key, entry, cancellationToken);
        }

        return null;
    }

    private async ValueTask<LogicalResponse> ListSecretIdsAsync(string name, CancellationToken cancellationToken)
    {
        var role = await RequireRoleAsync(name, cancellationToken);
        var accessors = await _storage.ListAsync($"accessor/{role.Name}/", cancellationToken);
        return accessors.Count == 0 ? throw VaultException.NotFound() : LogicalResponse.WithData(new JsonObject { ["keys"] = JsonArrays.Strings(accessors) });
    }

    private async ValueTask<LogicalResponse?> TidyAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        foreach (var role in await _storage.ListAsync("secret_id/", cancellationToken))
        {
            foreach (var hash in await _storage.ListAsync("secret_id/" + role, cancellationToken))
            {
                var key = "secret_id/" + role + hash;
                if (await _storage.GetJsonAsync<SecretIdEntry>(key, cancellationToken) is { } entry && entry.IsExpired(now))
                {
                    await DeleteSecretIdAsync(key, entry, cancellationToken);
                }
            }
        }

        return null;
    }

    private async ValueTask DeleteSecretIdAsync(string key, SecretIdEntry entry, CancellationToken cancellationToken)
    {
        await _storage.DeleteAsync(key, cancellationToken);
        await _storage.DeleteAsync(AccessorKey(entry.RoleName, entry.Accessor), cancellationToken);
    }

    private async ValueTask<LogicalResponse> ListRolesAsync(CancellationToken cancellationToken)
    {
        var names = await _storage.ListAsync("role/", cancellationToken);
        return names.Count == 0 ? throw VaultException.NotFound() : LogicalResponse.WithData(new JsonObject { ["keys"] = JsonArrays.Strings(names) });
    }

    private async ValueTask<LogicalResponse?> WriteRoleAsync(string name, JsonObject data, CancellationToken cancellationToken)
    {
        using var _ = await _locks.AcquireAsync("role/" + name, cancellationToken);
        var existing = await LoadRoleAsync(name, cancellationToken);
        var role = existing ?? new RoleEntry { Name = name, RoleId = Guid.NewGuid().ToString() };
        var response = new LogicalResponse();
        RoleFields.Apply(role, data, response.Warnings, isNew: existing is null);

        if (existing is null && data.GetString("role_id") is { Length: > 0 } customRoleId)
        {
            role.RoleId = customRoleId;
        }

        if (existing is null || existing.RoleId != role.RoleId)
        {
            await ClaimRoleIdAsync(role, existing?.RoleId, cancellationToken);
        }

        await _storage.PutJsonAsync("role/" + name, role, cancellationToken);
        return response.Warnings.Count > 0 ? response : null;
    }

    private async ValueTask<LogicalResponse?> SetRoleIdAsync(string name, string? roleId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(roleId))
        {
            throw VaultException.BadRequest("missing role_id");
        }

        var role = await RequireRoleAsync(name, cancellationToken);
        var previous = role.RoleId;
        role.RoleId = roleId;
        await ClaimRoleIdAsync(role, previous, cancellationToken);
        await _storage.PutJsonAsync("role/" + role.Name, role, cancellationToken);
        return null;
    }

    private async ValueTask ClaimRoleIdAsync(RoleEntry role, string? previous, CancellationToken cancellationToken)
    {
        if (await _storage.GetAsync(RoleIdKey(role.RoleId), cancellationToken) is { } owner && Encoding.UTF8.GetString(owner) != role.Name)
        {
            throw VaultException.BadRequest("role_id already in use");
        }

        if (previous is not null && previous != role.RoleId)
        {
            await _storage.DeleteAsync(RoleIdKey(previous), cancellationToken);
        }

        await _storage.PutAsync(RoleIdKey(role.RoleId), Encoding.UTF8.GetBytes(role.Name), cancellationToken);
    }

    private async ValueTask<LogicalResponse?> DeleteRoleAsync(string name, CancellationToken cancellationToken)
    {
        var role = await LoadRoleAsync(name, cancellationToken);
        if (role is null)
        {
            return null;
        }

        foreach (var hash in await _storage.ListAsync($"secret_id/{role.Name}/", cancellationToken))
        {
            var key = $"secret_id/{role.Name}/{hash}";
            if (await _storage.GetJsonAsync<SecretIdEntry>(key, cancellationToken) is { } entry)
            {
                await DeleteSecretIdAsync(key, entry, cancellationToken);
            }
        }

        await _storage.DeleteAsync(RoleIdKey(role.RoleId), cancellationToken);
        await _storage.DeleteAsync("role/" + role.Name, cancellationToken);
        return null;
    }

    private async ValueTask<LogicalResponse?> RoleFieldAsync(string name, string field, LogicalRequest request, CancellationToken cancellationToken)
    {
        var role = await RequireRoleAsync(name, cancellationToken);
        switch (request.Operation)
        {
            case Operation.Read:
                return LogicalResponse.WithData(RoleFields.Read(role, field));
            case Operation.Create or Operation.Update:
                var data = RoleFields.FromSubPath(field, request.Data);
                return await WriteRoleAsync(role.Name, data, cancellationToken);
            case Operation.Delete:
                return await WriteRoleAsync(role.Name, RoleFields.ResetSubPath(field), cancellationToken);
            default:
                throw VaultException.UnsupportedOperation();
        }
    }

    private static LogicalResponse ReadRole(RoleEntry role) => LogicalResponse.WithData(RoleFields.ReadAll(role));

    private async ValueTask<RoleEntry> RequireRoleAsync(string name, CancellationToken cancellationToken) =>
        await LoadRoleAsync(name, cancellationToken) ?? throw VaultException.NotFound();

    private ValueTask<RoleEntry?> LoadRoleAsync(string name, CancellationToken cancellationToken) =>
        _storage.GetJsonAsync<RoleEntry>("role/" + name.ToLowerInvariant(), cancellationToken);

    private static string ByValue(string name, JsonObject data) =>
        data.GetString("secret_id") is { Length: > 0 } secretId ? SecretIdKey(name, secretId) : throw VaultException.BadRequest("missing secret_id");

    private async ValueTask<string?> ByAccessorAsync(string name, JsonObject data, CancellationToken cancellationToken)
    {
        var accessor = data.GetString("secret_id_accessor");
        if (string.IsNullOrEmpty(accessor))
        {
            throw VaultException.BadRequest("missing secret_id_accessor");
        }

        var key = await _storage.GetAsync(AccessorKey(name.ToLowerInvariant(), accessor), cancellationToken);
        return key is null
            ? throw VaultException.BadRequest($"failed to find accessor entry for secret_id_accessor: \"{accessor}\"")
            : Encoding.UTF8.GetString(key);
    }

    private static void ValidateCidrs(string field, List<string> cidrs)
    {
        foreach (var cidr in cidrs.Where(c => !Cidr.IsValid(c)))
        {
            throw VaultException.BadRequest($"invalid CIDR block in {field}: {cidr}");
        }
    }


    private static string RoleIdKey(string roleId) => "role_id/" + Hash(roleId);

    private static string SecretIdKey(string roleName, string secretId) => $"secret_id/{roleName.ToLowerInvariant()}/{Hash(secretId)}";

    private static string AccessorKey(string roleName, string accessor) => $"accessor/{roleName}/{accessor}";

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
