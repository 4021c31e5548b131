using System.Globalization;
using System.Text.Json.Nodes;
using DevVault.Core;
using DevVault.Seal;

namespace DevVault.Sys;

/// <summary>
/// <c>sys/health</c>, <c>sys/seal-status</c>, <c>sys/init</c>, <c>sys/unseal</c>, <c>sys/seal</c> and <c>sys/leader</c>:
/// raw bodies, no envelope (VAULT-API.md 1.1-1.4). All of them also answer while sealed.
/// </summary>
public sealed class StatusEndpoints(SealManager seal, ClusterIdentity cluster, TimeProvider time) : ISysEndpoints
{
    public const string Version = "1.17.0+devvault";

    // sys/seal is here because Vault answers it while sealed too: sealing a sealed server succeeds (vault/core.go SealWithRequest).
    private static readonly HashSet<string> SealedPaths = new(StringComparer.Ordinal) { "sys/health", "sys/seal-status", "sys/init", "sys/unseal", "sys/seal", "sys/leader" };

    public IReadOnlyList<string> Prefixes => ["health", "seal-status", "init", "unseal", "seal", "leader"];

    public IReadOnlyList<string> RootPaths => ["seal"];

    public IReadOnlyList<string> TopLevelDataPaths => [];

    /// <summary>Whether <paramref name="path"/> is one of the endpoints a sealed server still serves.</summary>
    public static bool ServedWhileSealed(string path) => SealedPaths.Contains(path.TrimEnd('/'));

    public async ValueTask<LogicalResponse?> HandleAsync(LogicalRequest request, string sysPath, CancellationToken cancellationToken)
    {
        // Vault's raw handlers look at the HTTP method themselves, and only sys/health takes HEAD.
        var path = sysPath.TrimEnd('/');
        var read = request.Operation == Operation.Read && (path == "health" || !HttpMethods.IsHead(request.HttpMethod));
        var write = request.Operation is Operation.Update or Operation.Create;
        return (path, read, write) switch
        {
            ("health", true, _) => await HealthAsync(request.Data, cancellationToken),
            ("seal-status", true, _) => Raw(SealStatus(await seal.StatusAsync(cancellationToken))),
            ("init", true, _) => Raw(new JsonObject { ["initialized"] = await seal.IsInitializedAsync(cancellationToken) }),
            ("init", _, true) => await InitializeAsync(request.Data, cancellationToken),
            ("unseal", _, true) => await UnsealAsync(request.Data, cancellationToken),
            ("seal", _, true) => await SealAsync(cancellationToken),
            ("leader", true, _) => Raw(new JsonObject { ["ha_enabled"] = false, ["is_self"] = false, ["active_time"] = "0001-01-01T00:00:00Z", ["leader_address"] = "", ["leader_cluster_address"] = "", ["performance_standby"] = false, ["performance_standby_last_remote_wal"] = 0 }),
            // Vault's raw handlers refuse other methods with an empty errors list, not the framework's multierror.
            _ => throw new VaultException(405),
        };
    }

    private async Task<LogicalResponse> HealthAsync(JsonObject query, CancellationToken cancellationToken)
    {
        var state = await seal.StatusAsync(cancellationToken);

        // Vault reads each flag by name (others are ignored) and answers a malformed one with 400 and no error text.
        if (!IsGoBool(query.GetString("standbyok")) || !IsGoBool(query.GetString("perfstandbyok")))
        {
            throw new VaultException(400);
        }

        var codes = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["activecode"] = 200, ["standbycode"] = 429, ["drsecondarycode"] = 472, ["performancestandbycode"] = 473,
            ["sealedcode"] = 503, ["uninitcode"] = 501, ["haunhealthycode"] = 474, ["removedcode"] = 530,
        };
        foreach (var name in codes.Keys.ToList())
        {
            if (query.GetString(name) is not { } text)
            {
                continue;
            }

            codes[name] = int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code) ? code : throw new VaultException(400);
        }

        // DevVault is never a standby, so standbyok and perfstandbyok cannot change the answer.
        var status = !state.Initialized ? codes["uninitcode"] : state.Sealed ? codes["sealedcode"] : codes["activecode"];
        var body = new JsonObject
        {
            ["initialized"] = state.Initialized,
            ["sealed"] = state.Sealed,
            ["standby"] = state.Sealed,
            ["performance_standby"] = false,
            ["replication_performance_mode"] = "disabled",
            ["replication_dr_mode"] = "disabled",
            ["server_time_utc"] = time.GetUtcNow().ToUnixTimeSeconds(),
            ["version"] = Version,
            ["enterprise"] = false,
            ["echo_duration_ms"] = 0,
            ["clock_skew_ms"] = 0,
            ["replication_primary_canary_age_ms"] = 0,
        };
        AddCluster(body, state);
        return new LogicalResponse { RawJson = body.ToJsonString(VaultJson.SerializerOptions), StatusCode = status };
    }

    private async Task<LogicalResponse> InitializeAsync(JsonObject data, CancellationToken cancellationToken)
    {
        var init = InitRequest.Read(data);
        if (init.Problem is { } problem)
        {
            throw VaultException.BadRequest(problem);
        }

        // An initialised server says so first, as Vault does, whatever the request asks for.
        if (init.WantsPgp && !await seal.IsInitializedAsync(cancellationToken))
        {
            throw VaultException.BadRequest("pgp_keys and root_token_pgp_key are not supported by DevVault: it returns the key shares and the root token unencrypted");
        }

        var result = await seal.InitializeAsync(init.Barrier, cancellationToken);
        return Raw(new JsonObject
        {
            ["keys"] = JsonArrays.Strings(result.Keys.Select(Convert.ToHexStringLower)),
            ["keys_base64"] = JsonArrays.Strings(result.Keys.Select(Convert.ToBase64String)),
            ["root_token"] = result.RootToken,
        });
    }

    private async Task<LogicalResponse> UnsealAsync(JsonObject data, CancellationToken cancellationToken)
    {
        // Vault decodes this body into a Go struct, so its field names match regardless of case.
        var fields = new JsonObject();
        foreach (var (name, value) in data)
        {
            fields[name.ToLowerInvariant()] = value?.DeepClone();
        }

        if (fields.GetBool("reset", false))
        {
            return Raw(SealStatus(await seal.ResetUnsealAsync(cancellationToken)));
        }

        var key = fields.GetString("key");
        if (string.IsNullOrEmpty(key))
        {
            throw VaultException.BadRequest("'key' must be specified in request body as JSON, or 'reset' set to true");
        }

        var share = UnsealKey.Decode(key);

        // Vault fails this as an internal error: with no migration seal configured there is nothing to migrate to.
        if (fields.GetBool("migrate", false))
        {
            throw new VaultException(500, "can't perform a seal migration, no migration seal found");
        }

        return Raw(SealStatus(await seal.UnsealAsync(share, cancellationToken)));
    }

    private async Task<LogicalResponse?> SealAsync(CancellationToken cancellationToken)
    {
        await seal.SealAsync(cancellationToken);
        return null;
    }

    /// <summary>Go's strconv.ParseBool forms, plus the empty value, which Vault's weak decoding reads as false.</summary>
    private static bool IsGoBool(string? text) =>
        text is null or "" or "1" or "t" or "T" or "TRUE" or "true" or "True" or "0" or "f" or "F" or "FALSE" or "false" or "False";

    private JsonObject SealStatus(SealStatus state)
    {
        var body = new JsonObject
        {
            ["type"] = "shamir",
            ["initialized"] = state.Initialized,
            ["sealed"] = state.Sealed,
            ["t"] = state.Threshold,
            ["n"] = state.Shares,
            ["progress"] = state.Progress,
            ["nonce"] = state.Nonce,
            ["version"] = Version,
            ["build_date"] = "2026-01-01T00:00:00Z",
            ["migration"] = false,
            ["recovery_seal"] = false,
            ["storage_type"] = state.StorageType,
        };
        AddCluster(body, state);
        return body;
    }

    /// <summary>Vault names the cluster only once unsealed: sealed, it has not read who it is.</summary>
    private void AddCluster(JsonObject body, SealStatus state)
    {
        if (!state.Sealed)
        {
            body["cluster_name"] = cluster.Name;
            body["cluster_id"] = cluster.Id;
        }
    }

    private static LogicalResponse Raw(JsonObject body) => new() { RawJson = body.ToJsonString(VaultJson.SerializerOptions), StatusCode = 200 };
}
