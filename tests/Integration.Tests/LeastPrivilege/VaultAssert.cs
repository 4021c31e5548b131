using System.Net;
using VaultDemo.Integration.Tests.Infrastructure;
using VaultDemo.VaultClient;

namespace VaultDemo.Integration.Tests.LeastPrivilege;

internal static class VaultAssert
{
    /// <summary>
    /// Vault itself refused: a 403 for missing capabilities, not an invalid token or a 404, so the denial is the
    /// policy's doing and would hold for any client holding this token.
    /// </summary>
    public static async Task DeniedAsync(string operation, Func<Task> call)
    {
        var denied = await Assert.ThrowsAsync<VaultApiException>(call);
        Assert.True(denied.StatusCode == HttpStatusCode.Forbidden && denied.IsPermissionDenied,
            $"{operation}: expected Vault's 403 permission denied, got {(int?)denied.StatusCode} {string.Join("; ", denied.Errors)}");
    }

    /// <summary>The same, for a path the typed client does not cover.</summary>
    public static async Task DeniedAsync(string operation, VaultHttp http, HttpMethod method, string path, object? body = null)
    {
        var (status, answer) = await http.SendAsync(method, path, body);
        Assert.True(status == HttpStatusCode.Forbidden && answer?["errors"]?.ToJsonString().Contains("permission denied", StringComparison.Ordinal) == true,
            $"{operation}: expected Vault's 403 permission denied for {method} {path}, got {(int)status} {answer?.ToJsonString()}");
    }
}
