using System.Text;
using System.Text.Json.Nodes;
using DevVault.Core;
using DevVault.Sys;

namespace DevVault.Policies;

/// <summary><c>sys/policy*</c> (legacy) and <c>sys/policies/acl*</c>: list, read, write, delete (VAULT-API.md 1.7).</summary>
public sealed class PolicyEndpoints(PolicyStore store) : ISysEndpoints
{
    public IReadOnlyList<string> Prefixes => ["policy", "policy/*", "policies/acl", "policies/acl/*"];

    public IReadOnlyList<string> RootPaths => [];

    public IReadOnlyList<string> TopLevelDataPaths => ["policy", "policy/*"];

    public async ValueTask<LogicalResponse?> HandleAsync(LogicalRequest request, string sysPath, CancellationToken cancellationToken)
    {
        var legacy = sysPath.StartsWith("policy", StringComparison.Ordinal);
        var rawName = sysPath[(legacy ? "policy" : "policies/acl").Length..].Trim('/');
        if (rawName.Length == 0)
        {
            if (request.Operation is not (Operation.Read or Operation.List))
            {
                throw VaultException.UnsupportedOperation();
            }

            var names = new JsonArray([.. store.Names().Select(n => JsonValue.Create(n))]);
            var data = new JsonObject { ["keys"] = names };
            if (legacy)
            {
                data["policies"] = names.DeepClone();
            }

            return LogicalResponse.WithData(data);
        }

        var name = rawName.ToLowerInvariant();
        switch (request.Operation)
        {
            case Operation.Read:
                var policy = store.Get(name);
                if (policy is null && name != BuiltInPolicies.Root)
                {
                    throw VaultException.NotFound();
                }

                var text = policy?.Raw ?? "";
                return LogicalResponse.WithData(new JsonObject { ["name"] = name, [legacy ? "rules" : "policy"] = text });
            case Operation.Create or Operation.Update:
                var response = new LogicalResponse();
                var body = request.Data.GetString("policy");
                if (string.IsNullOrEmpty(body) && legacy && request.Data.GetString("rules") is { Length: > 0 } rules)
                {
                    body = rules;
                    response.Warnings.Add("'rules' is deprecated, please use 'policy' instead");
                }

                if (string.IsNullOrWhiteSpace(body))
                {
                    throw VaultException.BadRequest("'policy' parameter not supplied or empty");
                }

                await store.SetAsync(name, DecodeIfBase64(body), cancellationToken);
                if (name != rawName)
                {
                    response.Warnings.Add($"policy name was converted to {name}");
                }

                return response.Warnings.Count > 0 ? response : null;
            case Operation.Delete:
                await store.DeleteAsync(name, cancellationToken);
                return null;
            default:
                throw VaultException.UnsupportedOperation();
        }
    }

    // Vault accepts base64-encoded policy text; plain HCL or JSON never decodes to valid UTF-8 base64 by accident.
    private static string DecodeIfBase64(string text)
    {
        var buffer = new byte[text.Length];
        if (text.Length % 4 == 0 && !text.Contains('\n') && Convert.TryFromBase64String(text, buffer, out var written))
        {
            try
            {
                return new UTF8Encoding(false, true).GetString(buffer, 0, written);
            }
            catch (DecoderFallbackException)
            {
                return text;
            }
        }

        return text;
    }
}
