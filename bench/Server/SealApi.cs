using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace VaultDemo.Bench.Server;

/// <summary>
/// Initialise and unseal a server-mode DevVault the way an operator does: through <c>sys/init</c> and
/// <c>sys/unseal</c> over HTTP, never through in-process shortcuts, so the benchmarks pay what a real start pays.
/// </summary>
internal static class SealApi
{
    public const int Shares = 5;
    public const int Threshold = 3;

    /// <summary><c>sys/init</c> with five shares and a threshold of three; returns the hex keys and the root token.</summary>
    public static async Task<(IReadOnlyList<string> Keys, string RootToken)> InitializeAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var response = await http.PutAsJsonAsync("v1/sys/init", new { secret_shares = Shares, secret_threshold = Threshold }, cancellationToken);
        response.EnsureSuccessStatusCode();
        var reply = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!;
        return ([.. reply["keys"]!.AsArray().Select(k => k!.GetValue<string>())], reply["root_token"]!.GetValue<string>());
    }

    /// <summary>
    /// A first start as an operator does it: <c>sys/init</c>, unseal, then KV v2 at <c>secret/</c>. Leaves the root token
    /// on <paramref name="http"/> and returns the keys and token a later restart needs.
    /// </summary>
    public static async Task<(IReadOnlyList<string> Keys, string RootToken)> InitializeWithKvAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var (keys, rootToken) = await InitializeAsync(http, cancellationToken);
        await UnsealAsync(http, keys, cancellationToken);
        http.DefaultRequestHeaders.Add("X-Vault-Token", rootToken);
        using var mounted = await http.PostAsJsonAsync("v1/sys/mounts/secret", new { type = "kv", options = new { version = "2" } }, cancellationToken);
        mounted.EnsureSuccessStatusCode();
        return (keys, rootToken);
    }

    /// <summary>Enters the threshold's worth of keys; throws unless the last answer says <c>sealed: false</c>.</summary>
    public static async Task UnsealAsync(HttpClient http, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var isSealed = true;
        foreach (var key in keys.Take(Threshold))
        {
            using var response = await http.PutAsJsonAsync("v1/sys/unseal", new { key }, cancellationToken);
            response.EnsureSuccessStatusCode();
            isSealed = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["sealed"]!.GetValue<bool>();
        }

        if (isSealed)
        {
            throw new InvalidOperationException("DevVault is still sealed after the threshold's keys.");
        }
    }
}
