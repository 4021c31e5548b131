using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace DevVault.RabbitMq;

/// <summary>
/// The calls the engine makes to RabbitMQ's management HTTP API (<c>/api/overview</c>, <c>/api/users</c>,
/// <c>/api/permissions</c>, <c>/api/topic-permissions</c>) as the configured administrator. Failures become a
/// <see cref="RabbitMqManagementException"/> naming the call and the status, never a password.
/// </summary>
public sealed class RabbitMqManagementClient : IDisposable
{
    private readonly HttpClient _http;

    public RabbitMqManagementClient(RabbitMqConnection connection)
    {
        _http = new HttpClient { BaseAddress = new Uri(connection.ConnectionUri.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{connection.Username}:{connection.Password}")));
    }

    public Task VerifyAsync(CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, "api/overview", null, "read the overview", cancellationToken);

    public Task CreateUserAsync(string username, string password, string tags, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, $"api/users/{Escape(username)}", new { password, tags }, $"create user {username}", cancellationToken);

    public Task SetPermissionsAsync(string vhost, string username, RabbitMqPermissions permissions, CancellationToken cancellationToken) =>
        SendAsync(
            HttpMethod.Put,
            $"api/permissions/{Escape(vhost)}/{Escape(username)}",
            new { configure = permissions.Configure, write = permissions.Write, read = permissions.Read },
            $"set permissions of {username} on vhost {vhost}",
            cancellationToken);

    public Task SetTopicPermissionsAsync(string vhost, string username, string exchange, RabbitMqPermissions permissions, CancellationToken cancellationToken) =>
        SendAsync(
            HttpMethod.Put,
            $"api/topic-permissions/{Escape(vhost)}/{Escape(username)}",
            new { exchange, write = permissions.Write, read = permissions.Read },
            $"set topic permissions of {username} on vhost {vhost}",
            cancellationToken);

    /// <summary>Deletes a user; one that is already gone counts as deleted.</summary>
    public Task DeleteUserAsync(string username, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"api/users/{Escape(username)}", null, $"delete user {username}", cancellationToken, notFoundIsSuccess: true);

    public void Dispose() => _http.Dispose();

    private async Task SendAsync(HttpMethod method, string path, object? body, string what, CancellationToken cancellationToken, bool notFoundIsSuccess = false)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new RabbitMqManagementException($"could not {what}: {e.Message}");
        }

        using (response)
        {
            if (response.IsSuccessStatusCode || (notFoundIsSuccess && response.StatusCode == HttpStatusCode.NotFound))
            {
                return;
            }

            throw new RabbitMqManagementException($"could not {what}: the management API answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }
    }

    // Vhost "/" must travel as %2F in a path segment.
    private static string Escape(string segment) => Uri.EscapeDataString(segment);
}

/// <summary>A failed call to RabbitMQ's management API; the message is safe to show (no credentials).</summary>
public sealed class RabbitMqManagementException(string message) : Exception(message);
