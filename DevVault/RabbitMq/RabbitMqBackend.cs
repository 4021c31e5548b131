using System.Text.Json;
using System.Text.Json.Nodes;
using DevVault.Core;
using DevVault.Expiration;
using DevVault.Storage;

namespace DevVault.RabbitMq;

/// <summary>
/// The RabbitMQ secrets engine (Vault's <c>rabbitmq</c>): <c>config/connection</c>, <c>config/lease</c>,
/// <c>roles/:name</c> and <c>creds/:name</c>, which creates a broker user with the role's tags and permissions
/// through the management API and leases it; revoking the lease deletes the user.
/// </summary>
public sealed class RabbitMqBackend(BackendContext context) : IBackend, ILeaseBackend, IDisposable
{
    private const string ConnectionKey = "config/connection";
    private const string LeaseKey = "config/lease";

    private readonly IStorage _storage = context.Storage;
    private readonly Lock _clientLock = new();
    private RabbitMqManagementClient? _client;

    public string Type => "rabbitmq";

    public IReadOnlyList<string> UnauthenticatedPaths => [];

    public IReadOnlyList<string> RootPaths => [];

    public void Dispose() => _client?.Dispose();

    public ValueTask<bool?> ExistsAsync(LogicalRequest request, CancellationToken cancellationToken) =>
        RoleExistence.CheckAsync(_storage, request, cancellationToken);

    public async ValueTask<LogicalResponse?> HandleAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        var op = request.Operation;
        var write = op is Operation.Create or Operation.Update;
        return request.RelativePath.TrimEnd('/').Split('/') switch
        {
            ["config", "connection"] when write => await ConfigureConnectionAsync(request.Data, cancellationToken),
            ["config", "lease"] when write => await ConfigureLeaseAsync(request.Data, cancellationToken),
            ["config", "lease"] when op == Operation.Read => DescribeLease(await LeaseAsync(cancellationToken)),
            ["roles"] when op == Operation.List => await ListRolesAsync(cancellationToken),
            ["roles", var name] when op == Operation.Read => DescribeRole(await _storage.GetJsonAsync<RabbitMqRole>("role/" + name, cancellationToken) ?? throw VaultException.NotFound()),
            ["roles", var name] when write => await WriteRoleAsync(name, request.Data, cancellationToken),
            ["roles", var name] when op == Operation.Delete => await DeleteRoleAsync(name, cancellationToken),
            ["creds", var name] when op == Operation.Read => await CreateCredentialsAsync(name, request.Token?.DisplayName ?? "token", cancellationToken),
            ["config", "connection"] or ["config", "lease"] or ["roles", _] or ["creds", _] => throw VaultException.UnsupportedOperation(),
            _ => throw VaultException.UnsupportedPath(),
        };
    }

    public async ValueTask RevokeLeaseAsync(LeaseEntry lease, CancellationToken cancellationToken)
    {
        var username = lease.Secret.InternalData["username"]!.GetValue<string>();
        await (await ClientAsync(cancellationToken)).DeleteUserAsync(username, cancellationToken);
    }

    /// <summary>RabbitMQ users do not expire by themselves: a renewal only extends the lease, already capped to its max TTL.</summary>
    public ValueTask<TimeSpan> RenewLeaseAsync(LeaseEntry lease, TimeSpan increment, CancellationToken cancellationToken) =>
        ValueTask.FromResult(increment);

    private async ValueTask<LogicalResponse?> ConfigureConnectionAsync(JsonObject data, CancellationToken cancellationToken)
    {
        var connection = new RabbitMqConnection
        {
            ConnectionUri = data.GetString("connection_uri") is { Length: > 0 } uri ? uri : throw VaultException.BadRequest("missing connection_uri"),
            Username = data.GetString("username") is { Length: > 0 } username ? username : throw VaultException.BadRequest("missing username"),
            Password = data.GetString("password") is { Length: > 0 } password ? password : throw VaultException.BadRequest("missing password"),
        };
        if (!Uri.TryCreate(connection.ConnectionUri, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
        {
            throw VaultException.BadRequest("connection_uri must be an http or https URL of the management API");
        }

        var client = new RabbitMqManagementClient(connection);
        if (data.GetBool("verify_connection", true))
        {
            try
            {
                await client.VerifyAsync(cancellationToken);
            }
            catch (RabbitMqManagementException e)
            {
                client.Dispose();
                throw VaultException.BadRequest($"failed to validate the connection: {e.Message}");
            }
        }

        await _storage.PutJsonAsync(ConnectionKey, connection, cancellationToken);
        lock (_clientLock)
        {
            // Not disposed: a request may still be using it; it holds no more than a socket pool.
            _client = client;
        }

        return null;
    }

    private async ValueTask<LogicalResponse?> ConfigureLeaseAsync(JsonObject data, CancellationToken cancellationToken)
    {
        var ttl = data.GetDuration("ttl") ?? TimeSpan.Zero;
        var maxTtl = data.GetDuration("max_ttl") ?? TimeSpan.Zero;
        if (ttl < TimeSpan.Zero || maxTtl < TimeSpan.Zero)
        {
            throw VaultException.BadRequest("ttl and max_ttl cannot be negative");
        }

        if (maxTtl > TimeSpan.Zero && ttl > maxTtl)
        {
            throw VaultException.BadRequest("ttl must not be greater than max_ttl");
        }

        await _storage.PutJsonAsync(LeaseKey, new RabbitMqLease { Ttl = ttl.ToSeconds(), MaxTtl = maxTtl.ToSeconds() }, cancellationToken);
        return null;
    }

    private async ValueTask<LogicalResponse?> WriteRoleAsync(string name, JsonObject data, CancellationToken cancellationToken)
    {
        var role = new RabbitMqRole
        {
            Tags = data.GetString("tags") ?? "",
            Vhosts = ParseJsonField<Dictionary<string, RabbitMqPermissions>>(data, "vhosts") ?? new(StringComparer.Ordinal),
            VhostTopics = ParseJsonField<Dictionary<string, Dictionary<string, RabbitMqPermissions>>>(data, "vhost_topics") ?? new(StringComparer.Ordinal),
        };
        await _storage.PutJsonAsync("role/" + name, role, cancellationToken);
        return null;
    }

    private async ValueTask<LogicalResponse?> DeleteRoleAsync(string name, CancellationToken cancellationToken)
    {
        await _storage.DeleteAsync("role/" + name, cancellationToken);
        return null;
    }

    private async ValueTask<LogicalResponse> ListRolesAsync(CancellationToken cancellationToken)
    {
        var names = await _storage.ListAsync("role/", cancellationToken);
        return names.Count == 0 ? throw VaultException.NotFound() : LogicalResponse.WithData(new JsonObject { ["keys"] = JsonArrays.Strings(names) });
    }

    private async ValueTask<LogicalResponse> CreateCredentialsAsync(string roleName, string displayName, CancellationToken cancellationToken)
    {
        var role = await _storage.GetJsonAsync<RabbitMqRole>("role/" + roleName, cancellationToken)
            ?? throw VaultException.BadRequest($"unknown role: {roleName}");
        var client = await ClientAsync(cancellationToken);
        var username = $"{displayName}-{Guid.NewGuid()}";
        var password = Ids.Base62String(36);
        try
        {
            await client.CreateUserAsync(username, password, role.Tags, cancellationToken);
            foreach (var (vhost, permissions) in role.Vhosts)
            {
                await client.SetPermissionsAsync(vhost, username, permissions, cancellationToken);
            }

            foreach (var (vhost, exchanges) in role.VhostTopics)
            {
                foreach (var (exchange, permissions) in exchanges)
                {
                    await client.SetTopicPermissionsAsync(vhost, username, exchange, permissions, cancellationToken);
                }
            }
        }
        catch (RabbitMqManagementException e)
        {
            // A half-made user must not outlive the failed request: nobody holds a lease to revoke it later.
            try
            {
                await client.DeleteUserAsync(username, CancellationToken.None);
            }
            catch (RabbitMqManagementException)
            {
                // The broker refused the cleanup as well; the original failure is the one to report.
            }

            throw new VaultException(502, e.Message);
        }

        var lease = await LeaseAsync(cancellationToken);
        var response = LogicalResponse.WithData(new JsonObject { ["username"] = username, ["password"] = password });
        response.Secret = new SecretInfo
        {
            Ttl = TimeSpan.FromSeconds(lease.Ttl),
            MaxTtl = TimeSpan.FromSeconds(lease.MaxTtl),
            InternalData = new JsonObject { ["username"] = username, ["role"] = roleName },
        };
        return response;
    }

    private async ValueTask<RabbitMqManagementClient> ClientAsync(CancellationToken cancellationToken)
    {
        lock (_clientLock)
        {
            if (_client is not null)
            {
                return _client;
            }
        }

        var connection = await _storage.GetJsonAsync<RabbitMqConnection>(ConnectionKey, cancellationToken)
            ?? throw VaultException.BadRequest("configure the connection with config/connection first");
        lock (_clientLock)
        {
            return _client ??= new RabbitMqManagementClient(connection);
        }
    }

    private async ValueTask<RabbitMqLease> LeaseAsync(CancellationToken cancellationToken) =>
        await _storage.GetJsonAsync<RabbitMqLease>(LeaseKey, cancellationToken) ?? new RabbitMqLease();

    private static LogicalResponse DescribeLease(RabbitMqLease lease) =>
        LogicalResponse.WithData(new JsonObject { ["ttl"] = lease.Ttl, ["max_ttl"] = lease.MaxTtl });

    private static LogicalResponse DescribeRole(RabbitMqRole role) => LogicalResponse.WithData(new JsonObject
    {
        ["tags"] = role.Tags,
        ["vhosts"] = JsonSerializer.SerializeToNode(role.Vhosts, WireJson),
        ["vhost_topics"] = JsonSerializer.SerializeToNode(role.VhostTopics, WireJson),
    });

    private static readonly JsonSerializerOptions WireJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Vault takes <c>vhosts</c> and <c>vhost_topics</c> as JSON strings; an object is accepted too.</summary>
    private static T? ParseJsonField<T>(JsonObject data, string name)
        where T : class
    {
        var node = data[name];
        if (node is null)
        {
            return null;
        }

        try
        {
            var text = node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();
            return text.Length == 0 ? null : JsonSerializer.Deserialize<T>(text, WireJson);
        }
        catch (JsonException e)
        {
            throw VaultException.BadRequest($"failed to unmarshal {name}: {e.Message}");
        }
    }
}
