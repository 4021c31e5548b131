using System.Text.Json.Nodes;
using DevVault.Core;

namespace DevVault.Seal;

/// <summary>
/// The body of <c>sys/init</c>. <c>stored_shares</c> is read by Vault but has no effect on a Shamir seal, which
/// always stores exactly one wrapped root key (vault/init.go), so it is not kept here.
/// </summary>
public sealed record InitRequest(SealConfiguration Barrier, IReadOnlyList<string> PgpKeys, string RootTokenPgpKey, bool HasRecoveryParameters)
{
    public static InitRequest Read(JsonObject data) => new(
        new SealConfiguration((int)data.GetInt("secret_shares", 0), (int)data.GetInt("secret_threshold", 0)),
        data.GetStringList("pgp_keys") ?? [],
        data.GetString("root_token_pgp_key") ?? "",
        data.GetInt("recovery_shares", 0) != 0 || data.GetInt("recovery_threshold", 0) != 0 || data.GetStringList("recovery_pgp_keys") is { Count: > 0 });

    public bool WantsPgp => PgpKeys.Count > 0 || RootTokenPgpKey.Length > 0;

    /// <summary>The first thing Vault refuses, in the order it checks (http/sys_init.go, then vault/init.go); null when valid.</summary>
    public string? Problem => this switch
    {
        { HasRecoveryParameters: true } => "parameters specific to auto unseal seals present",
        { PgpKeys.Count: > 0 } when PgpKeys.Count != Barrier.SecretShares => "incorrect number of PGP keys",
        { Barrier.Problem: { } problem } => $"invalid seal configuration: {problem}",
        _ => null,
    };
}
