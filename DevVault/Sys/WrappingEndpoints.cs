using DevVault.Core;
using DevVault.Wrapping;

namespace DevVault.Sys;

/// <summary><c>sys/wrapping/wrap|unwrap|lookup|rewrap</c> (VAULT-API.md 1.10).</summary>
public sealed class WrappingEndpoints(ResponseWrapper wrapper) : ISysEndpoints
{
    public IReadOnlyList<string> Prefixes => ["wrapping/*"];

    public IReadOnlyList<string> RootPaths => [];

    public IReadOnlyList<string> TopLevelDataPaths => ["wrapping/wrap"];

    public async ValueTask<LogicalResponse?> HandleAsync(LogicalRequest request, string sysPath, CancellationToken cancellationToken)
    {
        if (request.Operation is not (Operation.Update or Operation.Create) && !(sysPath == "wrapping/lookup" && request.Operation == Operation.Read))
        {
            throw VaultException.UnsupportedOperation();
        }

        var bodyToken = request.Data.GetString("token");
        switch (sysPath)
        {
            case "wrapping/wrap":
                if (request.Data.Count == 0)
                {
                    throw VaultException.BadRequest("empty request body");
                }

                return LogicalResponse.WithData(request.Data.DeepClone().AsObject());
            case "wrapping/unwrap":
                if (!string.IsNullOrEmpty(bodyToken))
                {
                    if (request.Token is { } caller && ResponseWrapper.IsWrappingToken(caller))
                    {
                        throw VaultException.BadRequest("cannot supply a token in the body and use a wrapping token as the client token");
                    }

                    return await wrapper.UnwrapAsync(bodyToken, cancellationToken);
                }

                return request.Token is { } own
                    ? await wrapper.UnwrapOwnAsync(own, cancellationToken)
                    : throw VaultException.BadRequest("wrapping token is not valid or does not exist");
            case "wrapping/lookup":
                var token = !string.IsNullOrEmpty(bodyToken) ? bodyToken : request.ClientToken;
                return string.IsNullOrEmpty(token)
                    ? throw VaultException.BadRequest("missing \"token\" value in input")
                    : LogicalResponse.WithData(await wrapper.LookupAsync(token, cancellationToken));
            case "wrapping/rewrap":
                var rewrap = !string.IsNullOrEmpty(bodyToken) ? bodyToken : request.ClientToken;
                return string.IsNullOrEmpty(rewrap)
                    ? throw VaultException.BadRequest("missing \"token\" value in input")
                    : await wrapper.RewrapAsync(rewrap, cancellationToken);
            default:
                throw VaultException.UnsupportedPath();
        }
    }
}
