using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using DevVault.Core;
using DevVault.Expiration;
using DevVault.Storage;
using Npgsql;

namespace DevVault.Database;

/// <summary>
/// The database secrets engine with the PostgreSQL plugin (VAULT-API.md section 5): connections, dynamic roles
/// whose credentials are leases the expiration manager renews and revokes, root rotation, and static roles.
/// PostgreSQL failures become Vault errors with the driver's reason; passwords never appear in them.
/// </summary>
public sealed partial class DatabaseBackend : IBackend, ILeaseBackend, IScheduledBackend, IDisposable
{
    private const string Plugin = "postgresql-database-plugin";
    private static readonly TimeSpan MinimumRotationPeriod = TimeSpan.FromSeconds(5);

    private static readonly string[] DefaultRenew = ["ALTER ROLE \"{{name}}\" VALID UNTIL '{{expiration}}';"];
    private static readonly string[] DefaultRotateRoot = ["ALTER ROLE \"{{username}}\" WITH PASSWORD '{{password}}';"];
    private static readonly string[] DefaultStaticRotation = ["ALTER ROLE \"{{name}}\" WITH PASSWORD '{{password}}';"];

    private readonly BackendContext _context;
    private readonly IStorage _storage;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly KeyLocks _locks = new();
    private readonly ConcurrentDictionary<string, NpgsqlDataSource> _pools = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ITimer> _rotationTimers = new(StringComparer.Ordinal);

    public DatabaseBackend(BackendContext context)
    {
        _context = context;
        _storage = context.Storage;
        _time = context.Time;
        _logger = context.LoggerFactory.CreateLogger<DatabaseBackend>();
    }

    public string Type => "database";

    /// <summary>Arms the rotation of every stored static role again (at unseal); one overdue meanwhile rotates at once.</summary>
    public async ValueTask RestoreSchedulesAsync(CancellationToken cancellationToken)
    {
        foreach (var name in await _storage.ListAsync("static-role/", cancellationToken))
        {
            if (await _storage.GetJsonAsync<StaticRole>("static-role/" + name, cancellationToken) is { } role)
            {
                ScheduleRotation(role);
            }
        }
    }

    public IReadOnlyList<string> UnauthenticatedPaths => [];

    public IReadOnlyList<string> RootPaths => [];

    public async ValueTask<bool?> ExistsAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        var (area, name) = Split(request.RelativePath);
        return area switch
        {
            "config" when name.Length > 0 => await _storage.GetAsync("config/" + name, cancellationToken) is not null,
            "roles" when name.Length > 0 => await _storage.GetAsync("role/" + name, cancellationToken) is not null,
            "static-roles" when name.Length > 0 => await _storage.GetAsync("static-role/" + name, cancellationToken) is not null,
            _ => null,
        };
    }

    public async ValueTask<LogicalResponse?> HandleAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        var (area, name) = Split(request.RelativePath);
        var op = request.Operation;
        var write = op is Operation.Create or Operation.Update;
        if (op == Operation.List && name.Length == 0)
        {
            return await ListAsync(area switch
            {
                "config" => "config/",
                "roles" => "role/",
                "static-roles" => "static-role/",
                _ => throw VaultException.UnsupportedPath(),
            }, cancellationToken);
        }

        if (name.Length == 0)
        {
            throw VaultException.UnsupportedPath();
        }

        return (area, op) switch
        {
            ("config", Operation.Read) => ReadConfig(await RequireConfigAsync(name, cancellationToken)),
            ("config", _) when write => await WriteConfigAsync(name, request.Data, cancellationToken),
            ("config", Operation.Delete) => await DeleteConfigAsync(name, cancellationToken),
            ("reset", _) when write => await ResetAsync(name, cancellationToken),
            ("roles", Operation.Read) => ReadRole(await RequireAsync<DynamicRole>("role/" + name, cancellationToken)),
            ("roles", _) when write => await WriteRoleAsync(name, request.Data, op == Operation.Create, cancellationToken),
            ("roles", Operation.Delete) => await DeleteAsync("role/" + name, cancellationToken),
            ("creds", Operation.Read) => await CreateCredentialsAsync(name, request, cancellationToken),
            ("rotate-root", _) when write => await RotateRootAsync(name, cancellationToken),
            ("static-roles", Operation.Read) => ReadStaticRole(await RequireAsync<StaticRole>("static-role/" + name, cancellationToken)),
            ("static-roles", _) when write => await WriteStaticRoleAsync(name, request.Data, op == Operation.Create, cancellationToken),
            ("static-roles", Operation.Delete) => await DeleteStaticRoleAsync(name, cancellationToken),
            ("static-creds", Operation.Read) => ReadStaticCredentials(await RequireAsync<StaticRole>("static-role/" + name, cancellationToken)),
            ("rotate-role", _) when write => await RotateStaticAsync(name, cancellationToken),
            _ => throw VaultException.UnsupportedOperation(),
        };
    }

    public async ValueTask RevokeLeaseAsync(LeaseEntry lease, CancellationToken cancellationToken)
    {
        var username = lease.Secret.InternalData["username"]!.GetValue<string>();
        var role = await _storage.GetJsonAsync<DynamicRole>("role/" + lease.Secret.InternalData["role"]!.GetValue<string>(), cancellationToken);
        var dbName = lease.Secret.InternalData["db_name"]!.GetValue<string>();
        var config = await RequireConfigAsync(dbName, cancellationToken);
        var values = new Dictionary<string, string> { ["name"] = username, ["username"] = username };

        if (role is { RevocationStatements.Count: > 0 })
        {
            await ExecuteAsync(config, role.RevocationStatements, values, cancellationToken);
        }
        else
        {
            await DefaultRevokeAsync(config, username, cancellationToken);
        }

        LogRevoked(_logger, username);
    }

    public async ValueTask<TimeSpan> RenewLeaseAsync(LeaseEntry lease, TimeSpan increment, CancellationToken cancellationToken)
    {
        var username = lease.Secret.InternalData["username"]!.GetValue<string>();
        var role = await _storage.GetJsonAsync<DynamicRole>("role/" + lease.Secret.InternalData["role"]!.GetValue<string>(), cancellationToken);
        var config = await RequireConfigAsync(lease.Secret.InternalData["db_name"]!.GetValue<string>(), cancellationToken);
        var statements = role is { RenewStatements.Count: > 0 } ? role.RenewStatements : [.. DefaultRenew];
        var values = new Dictionary<string, string>
        {
            ["name"] = username,
            ["username"] = username,
            ["expiration"] = CredentialGenerator.Expiration(_time.GetUtcNow() + increment),
        };
        await ExecuteAsync(config, statements, values, cancellationToken);
        return increment;
    }

    public void Dispose()
    {
        foreach (var timer in _rotationTimers.Values)
        {
            timer.Dispose();
        }

        foreach (var pool in _pools.Values)
        {
            pool.Dispose();
        }
    }

    private async ValueTask<LogicalResponse> CreateCredentialsAsync(string roleName, LogicalRequest request, CancellationToken cancellationToken)
    {
        var role = await _storage.GetJsonAsync<DynamicRole>("role/" + roleName, cancellationToken)
            ?? throw VaultException.BadRequest($"unknown role: {roleName}");
        var config = await RequireConfigAsync(role.DbName, cancellationToken);
        EnsureAllowed(config, roleName);
        if (role.CreationStatements.Count == 0)
        {
            throw VaultException.BadRequest("empty creation statements");
        }

        var now = _time.GetUtcNow();
        var mount = _context.Mount;
        var ttl = role.DefaultTtl > 0 ? TimeSpan.FromSeconds(role.DefaultTtl) : mount.EffectiveDefaultTtl;
        var maxTtl = role.MaxTtl > 0 ? TimeSpan.FromSeconds(role.MaxTtl) : mount.EffectiveMaxTtl;
        if (ttl > maxTtl)
        {
            ttl = maxTtl;
        }

        var displayName = request.Token?.DisplayName is { Length: > 0 } shown ? shown : "token";
        var username = CredentialGenerator.Username(displayName, roleName, now);
        var password = CredentialGenerator.Password();
        var values = new Dictionary<string, string>
        {
            ["name"] = username,
            ["username"] = username,
            ["password"] = password,
            ["expiration"] = CredentialGenerator.Expiration(now + ttl),
        };

        await ExecuteInTransactionAsync(config, role.CreationStatements, values, role.RollbackStatements, cancellationToken);

        return new LogicalResponse
        {
            Data = new JsonObject { ["username"] = username, ["password"] = password },
            Secret = new SecretInfo
            {
                Ttl = ttl,
                MaxTtl = maxTtl,
                Renewable = true,
                InternalData = new JsonObject { ["username"] = username, ["role"] = roleName, ["db_name"] = role.DbName },
            },
        };
    }

    private async ValueTask<LogicalResponse?> WriteConfigAsync(string name, JsonObject data, CancellationToken cancellationToken)
    {
        using var _ = await _locks.AcquireAsync("config/" + name, cancellationToken);
        var config = await _storage.GetJsonAsync<ConnectionConfig>("config/" + name, cancellationToken) ?? new ConnectionConfig { Name = name };
        var plugin = data.GetString("plugin_name") ?? config.PluginName;
        if (plugin != Plugin)
        {
            throw VaultException.BadRequest(string.IsNullOrEmpty(plugin) ? "empty plugin name" : $"error creating database object: unsupported plugin \"{plugin}\" (DevVault implements {Plugin})");
        }

        config.PluginName = plugin;
        config.ConnectionUrl = data.GetString("connection_url") ?? config.ConnectionUrl;
        config.Username = data.GetString("username") ?? config.Username;
        config.Password = data.GetString("password") ?? config.Password;
        config.AllowedRoles = data.GetStringList("allowed_roles") ?? config.AllowedRoles;
        config.RootRotationStatements = StatementList.Read(data, "root_rotation_statements") ?? config.RootRotationStatements;
        config.PasswordAuthentication = data.GetString("password_authentication") ?? config.PasswordAuthentication;
        config.MaxOpenConnections = (int)(data.GetInt("max_open_connections") ?? config.MaxOpenConnections);
        if (data.GetString("username_template") is { Length: > 0 })
        {
            // Vault renders this Go template; silently ignoring it would hand out names the caller did not ask for.
            throw VaultException.BadRequest("username_template is not supported by DevVault; omit it to get Vault's default v-<display>-<role>-<random>-<unix> names");
        }

        config.PasswordPolicy = data.GetString("password_policy") ?? config.PasswordPolicy;
        config.VerifyConnection = data.GetBool("verify_connection", true);
        if (config.PasswordAuthentication is not ("password" or "scram-sha-256"))
        {
            throw VaultException.BadRequest($"'password_authentication' must be one of \"password\" or \"scram-sha-256\"");
        }

        var connectionString = PostgresConnectionUrl.ToConnectionString(config);
        if (config.VerifyConnection)
        {
            await VerifyAsync(connectionString, cancellationToken);
        }

        await _storage.PutJsonAsync("config/" + name, config, cancellationToken);
        DropPool(name);
        return null;
    }

    private static async ValueTask VerifyAsync(string connectionString, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or ArgumentException)
        {
            throw VaultException.BadRequest($"error creating database object: error verifying connection: {e.Message}");
        }
    }

    private static LogicalResponse ReadConfig(ConnectionConfig config) => LogicalResponse.WithData(new JsonObject
    {
        ["plugin_name"] = config.PluginName,
        ["plugin_version"] = "",
        ["connection_details"] = new JsonObject
        {
            ["connection_url"] = config.ConnectionUrl,
            ["username"] = config.Username,
            ["max_open_connections"] = config.MaxOpenConnections,
            ["password_authentication"] = config.PasswordAuthentication,
        },
        ["allowed_roles"] = JsonArrays.Strings(config.AllowedRoles),
        ["root_credentials_rotate_statements"] = JsonArrays.Strings(config.RootRotationStatements),
        ["password_policy"] = config.PasswordPolicy,
        ["verify_connection"] = config.VerifyConnection,
    });

    private async ValueTask<LogicalResponse?> DeleteConfigAsync(string name, CancellationToken cancellationToken)
    {
        await _storage.DeleteAsync("config/" + name, cancellationToken);
        DropPool(name);
        return null;
    }

    private async ValueTask<LogicalResponse?> ResetAsync(string name, CancellationToken cancellationToken)
    {
        await RequireConfigAsync(name, cancellationToken);
        DropPool(name);
        return null;
    }

    private async ValueTask<LogicalResponse?> RotateRootAsync(string name, CancellationToken cancellationToken)
    {
        using var _ = await _locks.AcquireAsync("config/" + name, cancellationToken);
        var config = await RequireConfigAsync(name, cancellationToken);
        if (config.Username.Length == 0)
        {
            throw VaultException.BadRequest("unable to rotate root credentials: no username in configuration");
        }

        var password = CredentialGenerator.Password();
        var statements = config.RootRotationStatements.Count > 0 ? config.RootRotationStatements : [.. DefaultRotateRoot];
        await ExecuteAsync(config, statements, new Dictionary<string, string> { ["username"] = config.Username, ["name"] = config.Username, ["password"] = password }, cancellationToken);
        config.Password = password;
        await _storage.PutJsonAsync("config/" + name, config, cancellationToken);
        DropPool(name);
        return null;
    }

    private async ValueTask<LogicalResponse?> WriteRoleAsync(string name, JsonObject data, bool creating, CancellationToken cancellationToken)
    {
        var role = creating ? new DynamicRole() : await _storage.GetJsonAsync<DynamicRole>("role/" + name, cancellationToken) ?? new DynamicRole();
        role.DbName = data.GetString("db_name") ?? role.DbName;
        if (role.DbName.Length == 0)
        {
            throw VaultException.BadRequest("database name is required");
        }

        role.CreationStatements = StatementList.Read(data, "creation_statements") ?? role.CreationStatements;
        role.RevocationStatements = StatementList.Read(data, "revocation_statements") ?? role.RevocationStatements;
        role.RollbackStatements = StatementList.Read(data, "rollback_statements") ?? role.RollbackStatements;
        role.RenewStatements = StatementList.Read(data, "renew_statements") ?? role.RenewStatements;
        role.DefaultTtl = data.GetDuration("default_ttl")?.ToSeconds() ?? role.DefaultTtl;
        role.MaxTtl = data.GetDuration("max_ttl")?.ToSeconds() ?? role.MaxTtl;
        if (role.CreationStatements.Count == 0)
        {
            throw VaultException.BadRequest("creation_statements cannot be empty");
        }

        if (role.MaxTtl > 0 && role.DefaultTtl > role.MaxTtl)
        {
            throw VaultException.BadRequest("ttl cannot be greater than max_ttl");
        }

        await _storage.PutJsonAsync("role/" + name, role, cancellationToken);
        return null;
    }

    private static LogicalResponse ReadRole(DynamicRole role) => LogicalResponse.WithData(new JsonObject
    {
        ["db_name"] = role.DbName,
        ["creation_statements"] = JsonArrays.Strings(role.CreationStatements),
        ["revocation_statements"] = JsonArrays.Strings(role.RevocationStatements),
        ["rollback_statements"] = JsonArrays.Strings(role.RollbackStatements),
        ["renew_statements"] = JsonArrays.Strings(role.RenewStatements),
        ["default_ttl"] = role.DefaultTtl,
        ["max_ttl"] = role.MaxTtl,
        ["credential_type"] = "password",
    });

    private async ValueTask<LogicalResponse?> WriteStaticRoleAsync(string name, JsonObject data, bool creating, CancellationToken cancellationToken)
    {
        using var _ = await _locks.AcquireAsync("static-role/" + name, cancellationToken);
        var existing = await _storage.GetJsonAsync<StaticRole>("static-role/" + name, cancellationToken);
        var role = existing ?? new StaticRole { Name = name };
        var username = data.GetString("username");
        if (existing is null && string.IsNullOrEmpty(username))
        {
            throw VaultException.BadRequest("username is a required field to create a static account");
        }

        if (existing is not null && username is not null && username != existing.Username)
        {
            throw VaultException.BadRequest("cannot update static account username");
        }

        role.Username = username ?? role.Username;
        role.DbName = data.GetString("db_name") ?? role.DbName;
        role.RotationStatements = StatementList.Read(data, "rotation_statements") ?? role.RotationStatements;
        var period = data.GetDuration("rotation_period");
        if (existing is null && period is null)
        {
            throw VaultException.BadRequest("rotation_period is required to create static accounts");
        }

        if (period is { } p)
        {
            role.RotationPeriod = p < MinimumRotationPeriod ? throw VaultException.BadRequest("rotation_period must be 5 seconds or more") : p.ToSeconds();
        }

        var config = await RequireConfigAsync(role.DbName, cancellationToken);
        EnsureAllowed(config, name);
        if (existing is null)
        {
            await RotateAsync(role, config, cancellationToken);
        }
        else
        {
            await _storage.PutJsonAsync("static-role/" + name, role, cancellationToken);
            ScheduleRotation(role);
        }

        return null;
    }

    private async ValueTask<LogicalResponse?> RotateStaticAsync(string name, CancellationToken cancellationToken)
    {
        using var _ = await _locks.AcquireAsync("static-role/" + name, cancellationToken);
        var role = await RequireAsync<StaticRole>("static-role/" + name, cancellationToken);
        await RotateAsync(role, await RequireConfigAsync(role.DbName, cancellationToken), cancellationToken);
        return null;
    }

    private async ValueTask RotateAsync(StaticRole role, ConnectionConfig config, CancellationToken cancellationToken)
    {
        var password = CredentialGenerator.Password();
        var statements = role.RotationStatements.Count > 0 ? role.RotationStatements : [.. DefaultStaticRotation];
        await ExecuteAsync(config, statements, new Dictionary<string, string> { ["name"] = role.Username, ["username"] = role.Username, ["password"] = password }, cancellationToken);
        role.Password = password;
        role.LastVaultRotation = _time.GetUtcNow();
        await _storage.PutJsonAsync("static-role/" + role.Name, role, cancellationToken);
        ScheduleRotation(role);
    }

    private void ScheduleRotation(StaticRole role)
    {
        var due = role.LastVaultRotation + TimeSpan.FromSeconds(role.RotationPeriod) - _time.GetUtcNow();
        var timer = _time.CreateTimer(_ => _ = RotateOnScheduleAsync(role.Name), null, due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
        if (_rotationTimers.TryGetValue(role.Name, out var previous))
        {
            previous.Dispose();
        }

        _rotationTimers[role.Name] = timer;
    }

    private async Task RotateOnScheduleAsync(string name)
    {
        try
        {
            await RotateStaticAsync(name, CancellationToken.None);
        }
        catch (Exception e) when (e is VaultException or NpgsqlException)
        {
            LogRotationFailed(_logger, name, e.GetType().Name);
            if (await _storage.GetJsonAsync<StaticRole>("static-role/" + name) is { } role)
            {
                // Try again after a tenth of the period rather than waiting a whole one.
                role.LastVaultRotation = _time.GetUtcNow() - TimeSpan.FromSeconds(role.RotationPeriod * 0.9);
                ScheduleRotation(role);
            }
        }
    }

    private LogicalResponse ReadStaticCredentials(StaticRole role)
    {
        var next = role.LastVaultRotation + TimeSpan.FromSeconds(role.RotationPeriod) - _time.GetUtcNow();
        return LogicalResponse.WithData(new JsonObject
        {
            ["username"] = role.Username,
            ["password"] = role.Password,
            ["last_vault_rotation"] = VaultJson.Rfc3339(role.LastVaultRotation),
            ["rotation_period"] = role.RotationPeriod,
            ["ttl"] = Math.Max(0, (long)next.TotalSeconds),
        });
    }

    private static LogicalResponse ReadStaticRole(StaticRole role) => LogicalResponse.WithData(new JsonObject
    {
        ["db_name"] = role.DbName,
        ["username"] = role.Username,
        ["rotation_period"] = role.RotationPeriod,
        ["rotation_statements"] = JsonArrays.Strings(role.RotationStatements),
        ["last_vault_rotation"] = VaultJson.Rfc3339(role.LastVaultRotation),
        ["credential_type"] = "password",
    });

    private async ValueTask<LogicalResponse?> DeleteStaticRoleAsync(string name, CancellationToken cancellationToken)
    {
        if (_rotationTimers.TryRemove(name, out var timer))
        {
            timer.Dispose();
        }

        return await DeleteAsync("static-role/" + name, cancellationToken);
    }

    private async ValueTask DefaultRevokeAsync(ConnectionConfig config, string username, CancellationToken cancellationToken)
    {
        var pool = Pool(config);
        await using var connection = await OpenAsync(pool, cancellationToken);
        await using (var exists = new NpgsqlCommand("SELECT exists (SELECT rolname FROM pg_roles WHERE rolname=$1)", connection))
        {
            exists.Parameters.AddWithValue(username);
            if (await exists.ExecuteScalarAsync(cancellationToken) is not true)
            {
                return;
            }
        }

        var quoted = QuoteIdentifier(username);
        var statements = new List<string>();
        await using (var schemas = new NpgsqlCommand("SELECT DISTINCT table_schema FROM information_schema.role_column_grants WHERE grantee=$1", connection))
        {
            schemas.Parameters.AddWithValue(username);
            await using var reader = await schemas.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var schema = QuoteIdentifier(reader.GetString(0));
                statements.Add($"REVOKE ALL PRIVILEGES ON ALL TABLES IN SCHEMA {schema} FROM {quoted}");
                statements.Add($"REVOKE USAGE ON SCHEMA {schema} FROM {quoted}");
            }
        }

        // As Vault does: revoke broadly without stopping at the first error, then drop the role (open sessions are not ended).
        statements.Add($"REVOKE ALL PRIVILEGES ON ALL TABLES IN SCHEMA public FROM {quoted}");
        statements.Add($"REVOKE ALL PRIVILEGES ON ALL SEQUENCES IN SCHEMA public FROM {quoted}");
        statements.Add($"REVOKE USAGE ON SCHEMA public FROM {quoted}");
        statements.Add($"REVOKE CONNECT ON DATABASE {QuoteIdentifier(connection.Database)} FROM {quoted}");
        foreach (var statement in statements)
        {
            try
            {
                await using var command = new NpgsqlCommand(statement, connection);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException)
            {
                // Best effort, as Vault's plugin: a missing grant must not block the drop.
            }
        }

        await using var drop = new NpgsqlCommand($"DROP ROLE IF EXISTS {quoted}", connection);
        await RunAsync(drop, cancellationToken);
    }

    private async ValueTask ExecuteAsync(ConnectionConfig config, IEnumerable<string> statements, IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(Pool(config), cancellationToken);
        foreach (var statement in statements)
        {
            foreach (var sql in StatementList.Commands(statement, values))
            {
                await using var command = new NpgsqlCommand(sql, connection);
                await RunAsync(command, cancellationToken);
            }
        }
    }

    private async ValueTask ExecuteInTransactionAsync(ConnectionConfig config, IEnumerable<string> statements, IReadOnlyDictionary<string, string> values, List<string> rollback, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(Pool(config), cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            foreach (var statement in statements)
            {
                foreach (var sql in StatementList.Commands(statement, values))
                {
                    await using var command = new NpgsqlCommand(sql, connection, transaction);
                    await RunAsync(command, cancellationToken);
                }
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (VaultException)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            if (rollback.Count > 0)
            {
                await ExecuteAsync(config, rollback, values, CancellationToken.None);
            }

            throw;
        }
    }

    private static async ValueTask RunAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e)
        {
            // The driver's message never holds the statement's parameters; statements are never echoed (they may embed a password).
            throw VaultException.BadRequest($"error executing statement: {e.SqlState}: {e.MessageText}");
        }
    }

    private static async ValueTask<NpgsqlConnection> OpenAsync(NpgsqlDataSource pool, CancellationToken cancellationToken)
    {
        try
        {
            return await pool.OpenConnectionAsync(cancellationToken);
        }
        catch (NpgsqlException e)
        {
            throw VaultException.BadRequest($"failed to connect to the database: {e.Message}");
        }
    }

    private NpgsqlDataSource Pool(ConnectionConfig config) =>
        _pools.GetOrAdd(config.Name, _ => NpgsqlDataSource.Create(PostgresConnectionUrl.ToConnectionString(config)));

    private void DropPool(string name)
    {
        if (_pools.TryRemove(name, out var pool))
        {
            pool.Dispose();
        }
    }

    private static void EnsureAllowed(ConnectionConfig config, string role)
    {
        foreach (var allowed in config.AllowedRoles)
        {
            if (allowed == "*" || allowed == role || (allowed.EndsWith('*') && role.StartsWith(allowed[..^1], StringComparison.Ordinal)))
            {
                return;
            }
        }

        throw VaultException.BadRequest($"\"{role}\" is not an allowed role");
    }

    private async ValueTask<ConnectionConfig> RequireConfigAsync(string name, CancellationToken cancellationToken) =>
        await _storage.GetJsonAsync<ConnectionConfig>("config/" + name, cancellationToken)
        ?? throw VaultException.BadRequest($"failed to find entry for connection with name: \"{name}\"");

    private async ValueTask<T> RequireAsync<T>(string key, CancellationToken cancellationToken) =>
        await _storage.GetJsonAsync<T>(key, cancellationToken) ?? throw VaultException.NotFound();

    private async ValueTask<LogicalResponse?> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        await _storage.DeleteAsync(key, cancellationToken);
        return null;
    }

    private async ValueTask<LogicalResponse> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var keys = await _storage.ListAsync(prefix, cancellationToken);
        return keys.Count == 0 ? throw VaultException.NotFound() : LogicalResponse.WithData(new JsonObject { ["keys"] = JsonArrays.Strings(keys) });
    }

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";


    private static (string Area, string Name) Split(string relativePath)
    {
        var path = relativePath.TrimEnd('/');
        var slash = path.IndexOf('/');
        return slash < 0 ? (path, "") : (path[..slash], path[(slash + 1)..]);
    }

    [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "Revoked database user {Username}")]
    private static partial void LogRevoked(ILogger logger, string username);

    [LoggerMessage(EventId = 402, Level = LogLevel.Warning, Message = "Scheduled rotation of static role {Role} failed ({ErrorType}); retrying early")]
    private static partial void LogRotationFailed(ILogger logger, string role, string errorType);
}
