using System.Text.Json.Serialization;
using VaultDemo.VaultClient.Transport;

namespace VaultDemo.VaultClient.Admin;

/// <summary>A mounted secrets engine or auth method as listed by <c>sys/mounts</c> / <c>sys/auth</c>.</summary>
public sealed class VaultMountInfo
{
    public string Type { get; init; } = "";

    public string? Description { get; init; }

    public string? Accessor { get; init; }

    public IReadOnlyDictionary<string, string>? Options { get; init; }
}

/// <summary>An enabled audit device as listed by <c>sys/audit</c>.</summary>
public sealed class VaultAuditDevice
{
    public string Type { get; init; } = "";

    public string? Description { get; init; }

    public string? Path { get; init; }

    public IReadOnlyDictionary<string, string>? Options { get; init; }
}

/// <summary>Lease limits of a mount; unset members keep Vault's defaults.</summary>
public sealed class MountConfig
{
    [JsonConverter(typeof(NullableSecondsConverter))]
    public TimeSpan? DefaultLeaseTtl { get; init; }

    [JsonConverter(typeof(NullableSecondsConverter))]
    public TimeSpan? MaxLeaseTtl { get; init; }
}

/// <summary>An AppRole role (VAULT-API 3.1). Durations are sent as seconds; unset members keep Vault's defaults.</summary>
public sealed class AppRoleDefinition
{
    public IReadOnlyList<string>? TokenPolicies { get; init; }

    [JsonConverter(typeof(NullableSecondsConverter))]
    public TimeSpan? TokenTtl { get; init; }

    [JsonConverter(typeof(NullableSecondsConverter))]
    public TimeSpan? TokenMaxTtl { get; init; }

    [JsonConverter(typeof(NullableSecondsConverter))]
    public TimeSpan? TokenExplicitMaxTtl { get; init; }

    [JsonConverter(typeof(NullableSecondsConverter))]
    public TimeSpan? TokenPeriod { get; init; }

    public int? TokenNumUses { get; init; }

    /// <summary><c>service</c>, <c>batch</c> or <c>default</c>.</summary>
    public string? TokenType { get; init; }

    public bool? TokenNoDefaultPolicy { get; init; }

    public bool? BindSecretId { get; init; }

    [JsonConverter(typeof(NullableSecondsConverter))]
    public TimeSpan? SecretIdTtl { get; init; }

    public int? SecretIdNumUses { get; init; }

    public IReadOnlyList<string>? SecretIdBoundCidrs { get; init; }

    public IReadOnlyList<string>? TokenBoundCidrs { get; init; }
}

/// <summary>Optional limits for one generated secret id.</summary>
public sealed class SecretIdRequest
{
    /// <summary>JSON-encoded string map, as Vault expects (set through <see cref="VaultAdminClient"/>).</summary>
    public string? Metadata { get; init; }

    [JsonConverter(typeof(NullableSecondsConverter))]
    public TimeSpan? Ttl { get; init; }

    public int? NumUses { get; init; }

    public IReadOnlyList<string>? CidrList { get; init; }
}

/// <summary>A generated secret id. <see cref="SecretId"/> is a credential: never log it.</summary>
public sealed class AppRoleSecretId
{
    public string SecretId { get; init; } = "";

    public string? SecretIdAccessor { get; init; }

    public long SecretIdTtl { get; init; }

    public int SecretIdNumUses { get; init; }

    public override string ToString() => $"AppRoleSecretId {{ Accessor = {SecretIdAccessor}, Ttl = {SecretIdTtl}, NumUses = {SecretIdNumUses} }}";
}

/// <summary>A PostgreSQL connection of the database engine (VAULT-API 5.1). Use a templated <see cref="ConnectionUrl"/>.</summary>
public sealed class DatabaseConnectionDefinition
{
    public string PluginName { get; init; } = "postgresql-database-plugin";

    /// <summary>E.g. <c>postgresql://{{username}}:{{password}}@127.0.0.1:5432/app?sslmode=disable</c>.</summary>
    public string ConnectionUrl { get; init; } = "";

    public string? Username { get; init; }

    public string? Password { get; init; }

    public IReadOnlyList<string>? AllowedRoles { get; init; }

    public bool? VerifyConnection { get; init; }

    public string? PasswordAuthentication { get; init; }

    public int? MaxOpenConnections { get; init; }

    public override string ToString() => $"DatabaseConnectionDefinition {{ PluginName = {PluginName}, Username = {Username} }}";
}

/// <summary>A dynamic database role (VAULT-API 5.2): SQL templates with <c>{{name}}</c>, <c>{{password}}</c>, <c>{{expiration}}</c>.</summary>
public sealed class DatabaseRoleDefinition
{
    public string DbName { get; init; } = "";

    public IReadOnlyList<string> CreationStatements { get; init; } = [];

    public IReadOnlyList<string>? RevocationStatements { get; init; }

    public IReadOnlyList<string>? RenewStatements { get; init; }

    public IReadOnlyList<string>? RollbackStatements { get; init; }

    [JsonConverter(typeof(NullableSecondsConverter))]
    public TimeSpan? DefaultTtl { get; init; }

    [JsonConverter(typeof(NullableSecondsConverter))]
    public TimeSpan? MaxTtl { get; init; }
}

/// <summary>The RabbitMQ engine's <c>config/connection</c>: the management API and an administrator login.</summary>
public sealed class RabbitMqConnectionDefinition
{
    /// <summary>The management API's base address, e.g. <c>http://127.0.0.1:15672</c>.</summary>
    public string ConnectionUri { get; init; } = "";

    public string Username { get; init; } = "";

    public string Password { get; init; } = "";

    public bool? VerifyConnection { get; init; }

    public override string ToString() => $"RabbitMqConnectionDefinition {{ ConnectionUri = {ConnectionUri}, Username = {Username} }}";
}

/// <summary>A RabbitMQ role: tags, and per-vhost permissions as a JSON string (<c>{"/": {"configure": "…", "write": "…", "read": "…"}}</c>), as Vault takes them.</summary>
public sealed class RabbitMqRoleDefinition
{
    public string? Tags { get; init; }

    public string Vhosts { get; init; } = "";
}

internal sealed class RabbitMqLeaseDefinition
{
    [JsonConverter(typeof(NullableSecondsConverter))]
    public TimeSpan? Ttl { get; init; }

    [JsonConverter(typeof(NullableSecondsConverter))]
    public TimeSpan? MaxTtl { get; init; }
}

internal sealed class MountRequest
{
    public string Type { get; init; } = "";

    public string? Description { get; init; }

    public MountConfig? Config { get; init; }

    public IReadOnlyDictionary<string, string>? Options { get; init; }
}

internal sealed class PolicyRequest
{
    public string Policy { get; init; } = "";
}

internal sealed class RoleIdData
{
    public string? RoleId { get; init; }
}

internal sealed class TransitKeyRequest
{
    public string Type { get; init; } = "aes256-gcm96";

    public bool? Exportable { get; init; }

    public bool? Derived { get; init; }
}

internal sealed class AuditDeviceRequest
{
    public string Type { get; init; } = "";

    public string? Description { get; init; }

    public IReadOnlyDictionary<string, string>? Options { get; init; }
}

internal sealed class PolicyData
{
    public string? Name { get; init; }

    public string? Policy { get; init; }
}
