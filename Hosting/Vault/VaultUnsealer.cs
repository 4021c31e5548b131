using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using VaultDemo.Hosting.Diagnostics;

namespace VaultDemo.Hosting.Vault;

/// <summary>
/// What an operator does to a Vault in server mode, done by the AppHost on every start: wait until it answers,
/// <c>sys/init</c> (5 shares, threshold 3) if it never was, keeping the shares and root token first, then
/// <c>sys/unseal</c> with as many shares as the threshold asks. Until then Vault's health check stays red, so nothing
/// that waits for Vault starts against a sealed one.
/// </summary>
internal sealed class VaultUnsealer(HttpClient http, Uri address, VaultKeyFiles files, ILogger logger)
{
    public const int KeyShares = 5;
    public const int KeyThreshold = 3;

    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(250);

    public async Task InitializeAndUnsealAsync(CancellationToken cancellationToken)
    {
        var status = await WaitForSealStatusAsync(cancellationToken).ConfigureAwait(false);
        if (!status.Initialized)
        {
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
            status = await SealStatusAsync(cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException("Vault stopped answering right after sys/init.");
        }

        if (!status.Sealed)
        {
            return;
        }

        if (!File.Exists(files.UnsealKeysPath))
        {
            // Nothing the AppHost can do: the shares that open this storage are not where it keeps them.
            Log.UnsealKeysMissing(logger, files.UnsealKeysPath);
            return;
        }

        var keys = files.ReadUnsealKeys();
        foreach (var key in keys.Take(status.Threshold))
        {
            using var response = await http.PutAsJsonAsync(new Uri(address, "v1/sys/unseal"), new JsonObject { ["key"] = key }, cancellationToken).ConfigureAwait(false);
            await EnsureSuccessAsync(response, "sys/unseal", cancellationToken).ConfigureAwait(false);
            var answer = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken).ConfigureAwait(false);
            if (answer?["sealed"]?.GetValue<bool>() == false)
            {
                Log.VaultUnsealed(logger, status.Threshold, keys.Count);
                return;
            }
        }

        Log.UnsealKeysRejected(logger, files.UnsealKeysPath);
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (files.Exist)
        {
            // Keys of an earlier storage (its database was dropped): they open nothing now, and init overwrites them.
            Log.ReplacingStaleKeys(logger, files.Directory);
        }

        using var response = await http.PutAsJsonAsync(
            new Uri(address, "v1/sys/init"),
            new JsonObject { ["secret_shares"] = KeyShares, ["secret_threshold"] = KeyThreshold },
            cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, "sys/init", cancellationToken).ConfigureAwait(false);
        var answer = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("sys/init answered no body.");
        var keys = answer["keys_base64"]?.AsArray().Select(k => k!.GetValue<string>()).ToList() ?? [];
        var rootToken = answer["root_token"]?.GetValue<string>() ?? "";
        if (keys.Count != KeyShares || rootToken.Length == 0)
        {
            throw new InvalidOperationException($"sys/init answered {keys.Count} key shares and {(rootToken.Length == 0 ? "no" : "a")} root token; {KeyShares} shares and a token were asked for.");
        }

        // Before anything else: this is the only time Vault ever shows them.
        files.Save(keys, rootToken);
        Log.VaultInitialized(logger, KeyShares, KeyThreshold, files.Directory);
    }

    private async Task<SealStatus> WaitForSealStatusAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await SealStatusAsync(cancellationToken).ConfigureAwait(false) is { } status)
            {
                return status;
            }

            await Task.Delay(s_pollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <returns>null while Vault does not answer yet (its process is still starting).</returns>
    private async Task<SealStatus?> SealStatusAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(address, "v1/sys/seal-status"), cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken).ConfigureAwait(false);
            return new SealStatus(
                body?["initialized"]?.GetValue<bool>() ?? false,
                body?["sealed"]?.GetValue<bool>() ?? true,
                body?["t"]?.GetValue<int>() ?? KeyThreshold);
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null; // the client's own timeout: a process that accepts but does not answer yet
        }
    }

    /// <summary>Vault's <c>errors</c> name what was wrong; the request body (a key share) never reaches the message.</summary>
    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var errors = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new InvalidOperationException($"{operation} answered {(int)response.StatusCode}: {errors}");
        }
    }

    private readonly record struct SealStatus(bool Initialized, bool Sealed, int Threshold);
}
