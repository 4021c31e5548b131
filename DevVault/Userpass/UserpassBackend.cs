using System.Text.Json.Nodes;
using DevVault.Core;
using DevVault.Storage;

namespace DevVault.Userpass;

/// <summary>
/// The userpass auth method: <c>users/:username</c> (with <c>/password</c> and <c>/policies</c>), LIST <c>users</c>,
/// and <c>login/:username</c>. Usernames are case-insensitive, as in Vault. Passwords are kept only as
/// <see cref="PasswordHash"/>; the audit log HMACs the <c>password</c> field like every other string value.
/// </summary>
public sealed class UserpassBackend(BackendContext context) : IBackend
{
    private const string InvalidCredentials = "invalid username or password";

    private readonly IStorage _storage = context.Storage;
    private readonly KeyLocks _locks = new();

    public string Type => "userpass";

    public IReadOnlyList<string> UnauthenticatedPaths => ["login/*"];

    public IReadOnlyList<string> RootPaths => [];

    public async ValueTask<bool?> ExistsAsync(LogicalRequest request, CancellationToken cancellationToken) =>
        request.RelativePath.TrimEnd('/').Split('/') is ["users", var name]
            ? await LoadAsync(name, cancellationToken) is not null
            : null;

    public async ValueTask<LogicalResponse?> HandleAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        var op = request.Operation;
        var write = op is Operation.Create or Operation.Update;
        return request.RelativePath.TrimEnd('/').Split('/') switch
        {
            ["login", var name] when write => await LoginAsync(name, request, cancellationToken),
            ["users"] when op == Operation.List => await ListAsync(cancellationToken),
            ["users", var name] => op switch
            {
                Operation.Read => Describe(await LoadAsync(name, cancellationToken) ?? throw VaultException.NotFound()),
                Operation.Create or Operation.Update => await WriteAsync(name, request.Data, op == Operation.Create, cancellationToken),
                Operation.Delete => await DeleteAsync(name, cancellationToken),
                _ => throw VaultException.UnsupportedOperation(),
            },
            ["users", var name, "password"] when write => await UpdateAsync(name, user => user.Password = HashOf(request.Data), cancellationToken),
            ["users", var name, "policies"] when write => await UpdateAsync(name, user => user.Token.Apply(PoliciesOnly(request.Data), []), cancellationToken),
            _ => throw VaultException.UnsupportedPath(),
        };
    }

    private async ValueTask<LogicalResponse> LoginAsync(string name, LogicalRequest request, CancellationToken cancellationToken)
    {
        var password = request.Data.GetString("password");
        if (string.IsNullOrEmpty(password))
        {
            throw VaultException.BadRequest("missing password");
        }

        var username = name.ToLowerInvariant();
        var user = await LoadAsync(username, cancellationToken);

        // An unknown user costs the same hash as a known one, so timing does not tell which names exist.
        var verified = (user?.Password ?? PasswordHash.Decoy).Verify(password);
        if (user is null || !verified)
        {
            throw VaultException.BadRequest(InvalidCredentials);
        }

        if (user.Token.TokenBoundCidrs.Count > 0 && !Cidr.ContainsAny(user.Token.TokenBoundCidrs, request.RemoteAddress))
        {
            throw VaultException.BadRequest("login request originated from invalid CIDR");
        }

        var mountName = request.Mount!.Path["auth/".Length..].TrimEnd('/').Replace('/', '-');
        var auth = user.Token.ToAuth($"{mountName}-{username}", new Dictionary<string, string>(StringComparer.Ordinal) { ["username"] = username });
        return new LogicalResponse { Auth = auth };
    }

    private async ValueTask<LogicalResponse> ListAsync(CancellationToken cancellationToken)
    {
        var names = await _storage.ListAsync("user/", cancellationToken);
        return names.Count == 0 ? throw VaultException.NotFound() : LogicalResponse.WithData(new JsonObject { ["keys"] = JsonArrays.Strings(names) });
    }

    private async ValueTask<LogicalResponse?> WriteAsync(string name, JsonObject data, bool isNew, CancellationToken cancellationToken)
    {
        var username = name.ToLowerInvariant();
        using var _ = await _locks.AcquireAsync(username, cancellationToken);
        var user = await LoadAsync(username, cancellationToken) ?? new UserEntry();
        if (user.Password is null && !data.Has("password"))
        {
            throw VaultException.BadRequest("missing password");
        }

        var response = new LogicalResponse();
        user.Token.Apply(data, response.Warnings);
        if (data.Has("password"))
        {
            user.Password = HashOf(data);
        }

        await _storage.PutJsonAsync("user/" + username, user, cancellationToken);
        return response.Warnings.Count > 0 ? response : null;
    }

    private async ValueTask<LogicalResponse?> UpdateAsync(string name, Action<UserEntry> change, CancellationToken cancellationToken)
    {
        var username = name.ToLowerInvariant();
        using var _ = await _locks.AcquireAsync(username, cancellationToken);
        var user = await LoadAsync(username, cancellationToken) ?? throw VaultException.BadRequest("username does not exist");
        change(user);
        await _storage.PutJsonAsync("user/" + username, user, cancellationToken);
        return null;
    }

    private async ValueTask<LogicalResponse?> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        await _storage.DeleteAsync("user/" + name.ToLowerInvariant(), cancellationToken);
        return null;
    }

    private static LogicalResponse Describe(UserEntry user)
    {
        var data = new JsonObject();
        user.Token.WriteTo(data);
        return LogicalResponse.WithData(data);
    }

    private static PasswordHash HashOf(JsonObject data) =>
        data.GetString("password") is { Length: > 0 } password ? PasswordHash.Create(password) : throw VaultException.BadRequest("missing password");

    // users/:name/policies takes token_policies (or the legacy policies) and nothing else.
    private static JsonObject PoliciesOnly(JsonObject data) =>
        data.Has("token_policies") || data.Has("policies")
            ? new JsonObject { ["token_policies"] = (data["token_policies"] ?? data["policies"])!.DeepClone() }
            : throw VaultException.BadRequest("missing token_policies");

    private ValueTask<UserEntry?> LoadAsync(string name, CancellationToken cancellationToken) =>
        _storage.GetJsonAsync<UserEntry>("user/" + name.ToLowerInvariant(), cancellationToken);
}
