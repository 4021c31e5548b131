using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace VaultDemo.VaultClient.Tests.Infrastructure;

/// <summary>
/// A few token endpoints of Vault, in memory and on a fake clock, for unit tests of the token lifecycle only
/// (everything else is tested against DevVault). Tokens expire at their TTL and renewals are capped at the max TTL,
/// exactly as Vault documents.
/// </summary>
internal sealed class FakeAuthVault(FakeTimeProvider time) : HttpMessageHandler
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (DateTimeOffset ExpiresAt, DateTimeOffset MaxExpiresAt)> _tokens = [];
    private int _issued;

    public TimeSpan TokenTtl { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan TokenMaxTtl { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>Answer this status to renew-self (e.g. 503 while "sealed"); null for normal behaviour.</summary>
    public HttpStatusCode? RenewFailure { get; set; }

    public int Logins { get; private set; }

    public int Renewals { get; private set; }

    public int Revocations { get; private set; }

    public int SecretReads { get; private set; }

    public List<string> RevokedTokens { get; } = [];

    public string? LastIssuedToken { get; private set; }

    /// <summary>Revokes a token behind the client's back (an operator, or Vault restarting).</summary>
    public void RevokeServerSide(string token)
    {
        lock (_lock)
        {
            _tokens.Remove(token);
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        var token = request.Headers.TryGetValues("X-Vault-Token", out var values) ? values.Single() : null;
        var body = request.Content is null ? null : JsonNode.Parse(await request.Content.ReadAsStringAsync(cancellationToken));
        lock (_lock)
        {
            return path switch
            {
                "/v1/auth/approle/login" => Login(body),
                "/v1/auth/token/renew-self" => Renew(token, body),
                "/v1/auth/token/revoke-self" => Revoke(token),
                "/v1/auth/token/lookup-self" => Lookup(token),
                "/v1/secret/data/app" => ReadSecret(token),
                _ => Json(HttpStatusCode.NotFound, new { errors = new[] { "no handler for route" } }),
            };
        }
    }

    private HttpResponseMessage Login(JsonNode? body)
    {
        if (body?["role_id"]?.GetValue<string>() != "role" || body["secret_id"]?.GetValue<string>() != "secret")
        {
            return Json(HttpStatusCode.BadRequest, new { errors = new[] { "invalid role or secret ID" } });
        }

        Logins++;
        var token = $"hvs.test-{++_issued}";
        var now = time.GetUtcNow();
        _tokens[token] = (now + TokenTtl, now + TokenMaxTtl);
        LastIssuedToken = token;
        return Auth(token, TokenTtl);
    }

    private HttpResponseMessage Renew(string? token, JsonNode? body)
    {
        if (RenewFailure is { } failure)
        {
            return Json(failure, new { errors = new[] { "Vault is sealed" } });
        }

        if (!IsValid(token))
        {
            return InvalidToken();
        }

        var now = time.GetUtcNow();
        var requested = TimeSpan.FromSeconds(body?["increment"]?.GetValue<long>() ?? (long)TokenTtl.TotalSeconds);
        var max = _tokens[token!].MaxExpiresAt;
        var granted = requested < max - now ? requested : max - now;
        _tokens[token!] = (now + granted, max);
        Renewals++;
        return Auth(token!, granted);
    }

    private HttpResponseMessage Revoke(string? token)
    {
        if (!IsValid(token))
        {
            return InvalidToken();
        }

        _tokens.Remove(token!);
        Revocations++;
        RevokedTokens.Add(token!);
        return new HttpResponseMessage(HttpStatusCode.NoContent);
    }

    private HttpResponseMessage Lookup(string? token) => IsValid(token)
        ? Json(HttpStatusCode.OK, new { data = new { accessor = "acc", ttl = (long)(_tokens[token!].ExpiresAt - time.GetUtcNow()).TotalSeconds, renewable = true, policies = new[] { "default" } } })
        : InvalidToken();

    private HttpResponseMessage ReadSecret(string? token)
    {
        if (!IsValid(token))
        {
            return InvalidToken();
        }

        SecretReads++;
        return Json(HttpStatusCode.OK, new
        {
            request_id = "r",
            lease_id = "",
            data = new { data = new { value = "v" }, metadata = new { version = 1, created_time = "2026-01-01T00:00:00Z", deletion_time = "", destroyed = false } },
        });
    }

    private bool IsValid(string? token) => token is not null && _tokens.TryGetValue(token, out var t) && time.GetUtcNow() < t.ExpiresAt;

    private static HttpResponseMessage Auth(string token, TimeSpan ttl) => Json(HttpStatusCode.OK, new
    {
        request_id = "r",
        lease_id = "",
        renewable = false,
        lease_duration = 0,
        data = (object?)null,
        auth = new { client_token = token, accessor = "acc-" + token, policies = new[] { "default" }, lease_duration = (long)ttl.TotalSeconds, renewable = true, token_type = "service" },
    });

    private static HttpResponseMessage InvalidToken() =>
        Json(HttpStatusCode.Forbidden, new { errors = new[] { "2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n" } });

    private static HttpResponseMessage Json(HttpStatusCode status, object body) => new(status)
    {
        Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
    };
}
