using System.Text.Json.Nodes;
using DevVault.Core;

namespace DevVault.Policies;

/// <summary>Named ACL policies (<c>root</c>, <c>default</c>, <c>response-wrapping</c> built in) and the ACLs built from them.</summary>
public interface IPolicyStore
{
    /// <summary>The merged ACL of the named policies; unknown names are skipped, <c>root</c> short-circuits.</summary>
    ValueTask<IAcl> GetAclAsync(IReadOnlyList<string> policyNames, CancellationToken cancellationToken = default);

    /// <summary>True when a policy of that name exists (token create warns about unknown ones).</summary>
    ValueTask<bool> ExistsAsync(string name, CancellationToken cancellationToken = default);
}

/// <summary>An evaluated ACL (Vault's ACL type): the merged rules of a token's policies.</summary>
public interface IAcl
{
    /// <summary>
    /// Decides a request on <paramref name="path"/> (the full logical path; list paths end with <c>/</c>):
    /// capability for the operation, parameter constraints on <paramref name="data"/>, the rule's wrapping TTL
    /// bounds against <paramref name="wrapTtl"/> (the request's <c>X-Vault-Wrap-TTL</c>), and whether sudo is held.
    /// </summary>
    AclDecision Check(string path, Operation operation, JsonObject data, TimeSpan? wrapTtl = null);

    /// <summary>The capabilities on a path as <c>sys/capabilities*</c> reports them (<c>["root"]</c>, <c>["deny"]</c>, ...).</summary>
    IReadOnlyList<string> Capabilities(string path);
}

/// <param name="Allowed">The operation's capability is granted and parameter constraints hold.</param>
/// <param name="IsRoot">The token has the root policy.</param>
/// <param name="HasSudo">The winning rule grants sudo (needed on root-protected paths).</param>
/// <param name="GrantingPolicies">Names of the policies whose rules allowed the request (for audit).</param>
public sealed record AclDecision(bool Allowed, bool IsRoot, bool HasSudo, IReadOnlyList<string> GrantingPolicies)
{
    public static readonly AclDecision Root = new(true, true, true, ["root"]);

    public static readonly AclDecision Denied = new(false, false, false, []);
}
