using System.Net;
using System.Text.Json;
using VaultDemo.VaultClient.Auth;
using VaultDemo.VaultClient.Transport;

namespace VaultDemo.VaultClient.Admin;

/// <summary>
/// The sys, auth and engine configuration calls a bootstrapper needs. Enabling is idempotent: an existing mount,
/// auth method or audit device of the same type is left alone, one of another type is an error.
/// </summary>
public sealed class VaultAdminClient
{
    private readonly VaultTransport _transport;

    internal VaultAdminClient(VaultTransport transport) => _transport = transport;

    // ---- Secrets engines -------------------------------------------------------------------------

    public async Task<IReadOnlyDictionary<string, VaultMountInfo>> ListSecretsEnginesAsync(CancellationToken cancellationToken = default) =>
        await _transport.SendAsync(Get("sys/mounts", "sys.mounts.list"), VaultJsonContext.Default.VaultResponseDictionaryStringVaultMountInfo, cancellationToken).ConfigureAwait(false) ?? [];

    /// <summary>Enables an engine at <paramref name="path"/> (e.g. <c>kv-v2</c>, <c>transit</c>, <c>database</c>). Returns false when it already was.</summary>
    public async Task<bool> EnableSecretsEngineAsync(string path, string type, MountConfig? config = null, IReadOnlyDictionary<string, string>? options = null, string? description = null, CancellationToken cancellationToken = default)
    {
        var mounts = await ListSecretsEnginesAsync(cancellationToken).ConfigureAwait(false);
        if (AlreadyMounted(mounts, path, type, "secrets engine"))
        {
            return false;
        }

        if (type is "kv-v2" or "kv-v1")
        {
            // Send the canonical form: not every server knows the kv-v2 alias.
            var merged = new Dictionary<string, string>(options ?? new Dictionary<string, string>()) { ["version"] = type[^1..] };
            (type, options) = ("kv", merged);
        }

        var body = Serialize(new MountRequest { Type = type, Description = description, Config = config, Options = options }, VaultJsonContext.Default.MountRequest);
        await _transport.SendAsync(Post("sys/mounts/" + VaultPath.Trim(path), "sys.mounts.enable", body), cancellationToken).ConfigureAwait(false);
        return true;
    }

    public Task TuneMountAsync(string path, MountConfig config, CancellationToken cancellationToken = default) =>
        _transport.SendAsync(Post($"sys/mounts/{VaultPath.Trim(path)}/tune", "sys.mounts.tune", Serialize(config, VaultJsonContext.Default.MountConfig)), cancellationToken);

    public Task DisableSecretsEngineAsync(string path, CancellationToken cancellationToken = default) =>
        _transport.SendAsync(new VaultRequest(HttpMethod.Delete, "sys/mounts/" + VaultPath.Trim(path), "sys.mounts.disable"), cancellationToken);

    // ---- Auth methods ----------------------------------------------------------------------------

    public async Task<IReadOnlyDictionary<string, VaultMountInfo>> ListAuthMethodsAsync(CancellationToken cancellationToken = default) =>
        await _transport.SendAsync(Get("sys/auth", "sys.auth.list"), VaultJsonContext.Default.VaultResponseDictionaryStringVaultMountInfo, cancellationToken).ConfigureAwait(false) ?? [];

    /// <summary>Enables an auth method (e.g. <c>approle</c>) at <c>auth/&lt;path&gt;</c>. Returns false when it already was.</summary>
    public async Task<bool> EnableAuthMethodAsync(string path, string type, MountConfig? config = null, string? description = null, CancellationToken cancellationToken = default)
    {
        var methods = await ListAuthMethodsAsync(cancellationToken).ConfigureAwait(false);
        if (AlreadyMounted(methods, path, type, "auth method"))
        {
            return false;
        }

        var body = Serialize(new MountRequest { Type = type, Description = description, Config = config }, VaultJsonContext.Default.MountRequest);
        await _transport.SendAsync(Post("sys/auth/" + VaultPath.Trim(path), "sys.auth.enable", body), cancellationToken).ConfigureAwait(false);
        return true;
    }

    // ---- Policies --------------------------------------------------------------------------------

    public Task WritePolicyAsync(string name, string policy, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(policy);
        return _transport.SendAsync(Post("sys/policies/acl/" + VaultPath.Escape(name), "sys.policy.write", Serialize(new PolicyRequest { Policy = policy }, VaultJsonContext.Default.PolicyRequest)), cancellationToken);
    }

    /// <summary>The policy text, or null when no such policy exists.</summary>
    public async Task<string?> ReadPolicyAsync(string name, CancellationToken cancellationToken = default)
    {
        var request = Get("sys/policies/acl/" + VaultPath.Escape(name), "sys.policy.read") with { AllowNotFound = true };
        return (await _transport.SendAsync(request, VaultJsonContext.Default.VaultResponsePolicyData, cancellationToken).ConfigureAwait(false))?.Policy;
    }

    public Task DeletePolicyAsync(string name, CancellationToken cancellationToken = default) =>
        _transport.SendAsync(new VaultRequest(HttpMethod.Delete, "sys/policies/acl/" + VaultPath.Escape(name), "sys.policy.delete"), cancellationToken);

    public Task<IReadOnlyList<string>> ListPoliciesAsync(CancellationToken cancellationToken = default) => ListAsync("sys/policies/acl", "sys.policy.list", cancellationToken);

    // ---- AppRole ---------------------------------------------------------------------------------

    /// <summary>Creates or updates an AppRole role (idempotent).</summary>
    public Task WriteAppRoleAsync(string roleName, AppRoleDefinition role, string mountPath = "approle", CancellationToken cancellationToken = default) =>
        _transport.SendAsync(Post(RolePath(mountPath, roleName), "auth.approle.role.write", Serialize(role, VaultJsonContext.Default.AppRoleDefinition)), cancellationToken);

    public Task DeleteAppRoleAsync(string roleName, string mountPath = "approle", CancellationToken cancellationToken = default) =>
        _transport.SendAsync(new VaultRequest(HttpMethod.Delete, RolePath(mountPath, roleName), "auth.approle.role.delete"), cancellationToken);

    public Task<IReadOnlyList<string>> ListAppRolesAsync(string mountPath = "approle", CancellationToken cancellationToken = default) =>
        ListAsync($"auth/{VaultPath.Trim(mountPath)}/role", "auth.approle.role.list", cancellationToken);

    public async Task<string> GetRoleIdAsync(string roleName, string mountPath = "approle", CancellationToken cancellationToken = default) =>
        (await _transport.SendAsync(Get(RolePath(mountPath, roleName) + "/role-id", "auth.approle.role-id.read"), VaultJsonContext.Default.VaultResponseRoleIdData, cancellationToken).ConfigureAwait(false))?.RoleId
        ?? throw new VaultApiException($"Vault's answer to auth.approle.role-id.read for role {roleName} had no role_id.");

    /// <summary>Generates a secret id and returns it in the clear. Prefer <see cref="CreateWrappedSecretIdAsync"/> for delivery.</summary>
    public async Task<AppRoleSecretId> CreateSecretIdAsync(string roleName, string mountPath = "approle", SecretIdRequest? options = null, CancellationToken cancellationToken = default) =>
        await _transport.SendAsync(Post(RolePath(mountPath, roleName) + "/secret-id", "auth.approle.secret-id.create", Serialize(options ?? new SecretIdRequest(), VaultJsonContext.Default.SecretIdRequest)), VaultJsonContext.Default.VaultResponseAppRoleSecretId, cancellationToken).ConfigureAwait(false)
        ?? throw new VaultApiException($"Vault's answer to auth.approle.secret-id.create for role {roleName} had no data.");

    /// <summary>
    /// Generates a secret id wrapped in a single-use token valid for <paramref name="wrapTtl"/>: whoever delivers it
    /// never sees the secret id, and a second unwrap (an interception) fails loudly.
    /// </summary>
    public async Task<VaultWrapInfo> CreateWrappedSecretIdAsync(string roleName, TimeSpan wrapTtl, string mountPath = "approle", SecretIdRequest? options = null, CancellationToken cancellationToken = default)
    {
        var request = Post(RolePath(mountPath, roleName) + "/secret-id", "auth.approle.secret-id.create", Serialize(options ?? new SecretIdRequest(), VaultJsonContext.Default.SecretIdRequest)) with { WrapTtl = wrapTtl };
        var response = await _transport.SendEnvelopeAsync(request, VaultJsonContext.Default.VaultResponseVaultNoData, cancellationToken).ConfigureAwait(false);
        return response?.WrapInfo ?? throw new VaultApiException($"Vault did not wrap the secret id for role {roleName}.");
    }

    // ---- Database engine -------------------------------------------------------------------------

    public Task WriteDatabaseConnectionAsync(string name, DatabaseConnectionDefinition connection, string mountPath = "database", CancellationToken cancellationToken = default) =>
        _transport.SendAsync(Post(VaultPath.Combine(mountPath, "config", name), "database.config.write", Serialize(connection, VaultJsonContext.Default.DatabaseConnectionDefinition)), cancellationToken);

    /// <summary>Names of the configured connections; a setup step checks it before writing a connection whose password Vault has rotated.</summary>
    public Task<IReadOnlyList<string>> ListDatabaseConnectionsAsync(string mountPath = "database", CancellationToken cancellationToken = default) =>
        ListAsync(VaultPath.Combine(mountPath, "config"), "database.config.list", cancellationToken);

    /// <summary>
    /// The <c>connection_url</c> a connection was configured with (a template such as
    /// <c>postgresql://{{username}}:{{password}}@host:port/db</c>; Vault never answers the password). Vault answers an
    /// unknown name with 400, not 404: check <see cref="ListDatabaseConnectionsAsync"/> first.
    /// </summary>
    public async Task<string?> ReadDatabaseConnectionUrlAsync(string name, string mountPath = "database", CancellationToken cancellationToken = default)
    {
        var request = Get(VaultPath.Combine(mountPath, "config", name), "database.config.read");
        var data = await _transport.SendAsync(request, VaultJsonContext.Default.VaultResponseDictionaryStringJsonElement, cancellationToken).ConfigureAwait(false);
        return data is not null
            && data.TryGetValue("connection_details", out var details)
            && details.ValueKind == JsonValueKind.Object
            && details.TryGetProperty("connection_url", out var url)
            ? url.GetString()
            : null;
    }

    public Task WriteDatabaseRoleAsync(string name, DatabaseRoleDefinition role, string mountPath = "database", CancellationToken cancellationToken = default) =>
        _transport.SendAsync(Post(VaultPath.Combine(mountPath, "roles", name), "database.role.write", Serialize(role, VaultJsonContext.Default.DatabaseRoleDefinition)), cancellationToken);

    /// <summary>Rotates the connection's root password so only Vault knows it.</summary>
    public Task RotateDatabaseRootAsync(string name, string mountPath = "database", CancellationToken cancellationToken = default) =>
        _transport.SendAsync(Post(VaultPath.Combine(mountPath, "rotate-root", name), "database.rotate-root", null), cancellationToken);

    // ---- RabbitMQ engine -------------------------------------------------------------------------

    /// <summary>Points the engine at the broker's management API with an administrator login.</summary>
    public Task WriteRabbitMqConnectionAsync(RabbitMqConnectionDefinition connection, string mountPath = "rabbitmq", CancellationToken cancellationToken = default) =>
        _transport.SendAsync(Post(VaultPath.Combine(mountPath, "config", "connection"), "rabbitmq.config.connection", Serialize(connection, VaultJsonContext.Default.RabbitMqConnectionDefinition)), cancellationToken);

    public Task WriteRabbitMqLeaseAsync(TimeSpan ttl, TimeSpan maxTtl, string mountPath = "rabbitmq", CancellationToken cancellationToken = default) =>
        _transport.SendAsync(Post(VaultPath.Combine(mountPath, "config", "lease"), "rabbitmq.config.lease", Serialize(new RabbitMqLeaseDefinition { Ttl = ttl, MaxTtl = maxTtl }, VaultJsonContext.Default.RabbitMqLeaseDefinition)), cancellationToken);

    public Task WriteRabbitMqRoleAsync(string name, RabbitMqRoleDefinition role, string mountPath = "rabbitmq", CancellationToken cancellationToken = default) =>
        _transport.SendAsync(Post(VaultPath.Combine(mountPath, "roles", name), "rabbitmq.role.write", Serialize(role, VaultJsonContext.Default.RabbitMqRoleDefinition)), cancellationToken);

    // ---- Transit keys ----------------------------------------------------------------------------

    /// <summary>Creates a transit key; creating an existing key is a no-op in Vault.</summary>
    public Task CreateTransitKeyAsync(string name, string type = "aes256-gcm96", bool derived = false, string mountPath = "transit", CancellationToken cancellationToken = default) =>
        _transport.SendAsync(Post(VaultPath.Combine(mountPath, "keys", name), "transit.keys.create", Serialize(new TransitKeyRequest { Type = type, Derived = derived ? true : null }, VaultJsonContext.Default.TransitKeyRequest)), cancellationToken);

    public Task RotateTransitKeyAsync(string name, string mountPath = "transit", CancellationToken cancellationToken = default) =>
        _transport.SendAsync(Post(VaultPath.Combine(mountPath, "keys", name) + "/rotate", "transit.keys.rotate", null), cancellationToken);

    // ---- Audit devices ---------------------------------------------------------------------------

    public async Task<IReadOnlyDictionary<string, VaultAuditDevice>> ListAuditDevicesAsync(CancellationToken cancellationToken = default) =>
        await _transport.SendAsync(Get("sys/audit", "sys.audit.list"), VaultJsonContext.Default.VaultResponseDictionaryStringVaultAuditDevice, cancellationToken).ConfigureAwait(false) ?? [];

    /// <summary>Enables an audit device (e.g. <c>file</c> with <c>file_path</c>). Returns false when one of that type was already at the path.</summary>
    public async Task<bool> EnableAuditDeviceAsync(string path, string type, IReadOnlyDictionary<string, string> options, string? description = null, CancellationToken cancellationToken = default)
    {
        var devices = await ListAuditDevicesAsync(cancellationToken).ConfigureAwait(false);
        if (devices.TryGetValue(VaultPath.Trim(path) + "/", out var existing))
        {
            return existing.Type == type
                ? false
                : throw new VaultApiException($"Audit path '{path}' already holds a '{existing.Type}' device, not '{type}'.", HttpStatusCode.Conflict);
        }

        var body = Serialize(new AuditDeviceRequest { Type = type, Description = description, Options = options }, VaultJsonContext.Default.AuditDeviceRequest);
        await _transport.SendAsync(Post("sys/audit/" + VaultPath.Trim(path), "sys.audit.enable", body), cancellationToken).ConfigureAwait(false);
        return true;
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private async Task<IReadOnlyList<string>> ListAsync(string path, string operation, CancellationToken cancellationToken)
    {
        var request = new VaultRequest(VaultRequest.List, path, operation) { AllowNotFound = true };
        return (await _transport.SendAsync(request, VaultJsonContext.Default.VaultResponseVaultKeyList, cancellationToken).ConfigureAwait(false))?.Keys ?? [];
    }

    private static bool AlreadyMounted(IReadOnlyDictionary<string, VaultMountInfo> mounts, string path, string type, string kind)
    {
        if (!mounts.TryGetValue(VaultPath.Trim(path) + "/", out var existing))
        {
            return false;
        }

        var (wanted, version) = type switch
        {
            "kv-v2" => ("kv", "2"),
            "kv-v1" => ("kv", "1"),
            _ => (type, null),
        };
        var existingVersion = existing.Options is { } o && o.TryGetValue("version", out var v) ? v : "1";
        if (existing.Type == wanted && (version is null || existingVersion == version))
        {
            return true;
        }

        throw new VaultApiException($"The {kind} path '{path}' is already used by '{existing.Type}', not '{type}'.", HttpStatusCode.Conflict);
    }

    private static string RolePath(string mountPath, string roleName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(roleName);
        return $"auth/{VaultPath.Trim(mountPath)}/role/{VaultPath.Escape(roleName)}";
    }

    private static VaultRequest Get(string path, string operation) => new(HttpMethod.Get, path, operation);

    private static VaultRequest Post(string path, string operation, byte[]? body) => new(HttpMethod.Post, path, operation) { Body = body };

    private static byte[] Serialize<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) => JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
}
