using DevVault.Audit;
using DevVault.Expiration;
using DevVault.Mounts;
using DevVault.Policies;
using DevVault.Seal;
using DevVault.Sys;
using DevVault.Tokens;
using DevVault.Wrapping;

namespace DevVault.Core;

/// <summary>
/// The request pipeline (Vault's core.HandleRequest): route, authenticate, existence check, ACL and sudo,
/// audit (fail-closed), the backend, then token minting, lease registration and response wrapping.
/// </summary>
public sealed partial class VaultCore(
    SealManager seal,
    StatusEndpoints status,
    MountTable mounts,
    TokenStore tokens,
    ExpirationManager expiration,
    ResponseWrapper wrapper,
    IServiceProvider services,
    TimeProvider time,
    ILogger<VaultCore> logger)
{
    private static readonly TimeSpan DefaultWrapTtl = TimeSpan.FromMinutes(5);

    // Vault does not audit these (VAULT-API.md 7): status probes must work even when no audit device can write.
    private static readonly HashSet<string> Unaudited = new(StringComparer.Ordinal)
    {
        "sys/health", "sys/seal-status", "sys/init", "sys/leader", "sys/seal", "sys/unseal", "sys/step-down",
    };

    private readonly IPolicyStore? _policies = services.GetService<IPolicyStore>();
    private readonly IAuditBroker? _audit = services.GetService<IAuditBroker>();

    public async Task<LogicalResponse?> HandleAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        if (!seal.IsUnsealed)
        {
            // Sealed, nothing is readable: only the status and unseal endpoints answer, as in Vault.
            return StatusEndpoints.ServedWhileSealed(request.Path)
                ? await status.HandleAsync(request, request.Path["sys/".Length..], cancellationToken)
                : throw VaultException.Sealed();
        }

        var mounted = mounts.Match(request.Path);
        if (mounted is not null)
        {
            request.Mount = mounted.Entry;
            request.RelativePath = request.Path.Length >= mounted.Entry.Path.Length ? request.Path[mounted.Entry.Path.Length..] : "";
        }

        var unauthenticated = mounted is not null && PathPatterns.MatchesAny(mounted.Backend.UnauthenticatedPaths, request.RelativePath);
        var lastUse = false;
        if (!unauthenticated)
        {
            if (string.IsNullOrEmpty(request.ClientToken))
            {
                throw VaultException.PermissionDenied();
            }

            var used = await tokens.UseAsync(request.ClientToken, cancellationToken) ?? throw VaultException.InvalidToken();
            request.Token = used.Entry;
            lastUse = used.LastUse;
            CheckBoundCidrs(used.Entry, request.RemoteAddress);
        }

        try
        {
            if (mounted is null)
            {
                await AuthorizeAsync(request, null, cancellationToken);
                throw new VaultException(404, $"no handler for route \"{request.Path.TrimEnd('/')}\". route entry not found.");
            }

            if (request.Operation == Operation.Update && await mounted.Backend.ExistsAsync(request, cancellationToken) == false)
            {
                request.Operation = Operation.Create;
            }

            var decision = unauthenticated ? null : await AuthorizeAsync(request, mounted, cancellationToken);
            var audit = Unaudited.Contains(request.Path.TrimEnd('/')) ? null : _audit;
            if (audit is { HasDevices: true })
            {
                await audit.LogRequestAsync(request, decision, null, cancellationToken);
            }

            LogicalResponse? response;
            try
            {
                response = await mounted.Backend.HandleAsync(request, cancellationToken);
                response = await CompleteAsync(request, response, lastUse, cancellationToken);
            }
            catch (VaultException error) when (audit is { HasDevices: true })
            {
                await audit.LogResponseAsync(request, decision, null, error, cancellationToken);
                throw;
            }
            catch (Exception fault) when (fault is not VaultException && (fault is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
            {
                // Vault answers a backend fault with its error envelope and still audits the response; the
                // exception's text is neither sent nor logged, as it may carry connection details or secret values.
                LogBackendFault(logger, request.Path, fault.GetType().Name);
                var internalError = VaultException.Internal();
                if (audit is { HasDevices: true })
                {
                    await audit.LogResponseAsync(request, decision, null, internalError, cancellationToken);
                }

                throw internalError;
            }

            if (audit is { HasDevices: true })
            {
                await audit.LogResponseAsync(request, decision, response, null, cancellationToken);
            }

            return response;
        }
        finally
        {
            if (lastUse && request.Token is { } token)
            {
                await tokens.RevokeTreeAsync(token.Id, CancellationToken.None);
            }
        }
    }

    private async ValueTask<AclDecision> AuthorizeAsync(LogicalRequest request, Mounted? mounted, CancellationToken cancellationToken)
    {
        var token = request.Token!;
        AclDecision decision;
        if (token.IsRoot)
        {
            decision = AclDecision.Root;
        }
        else if (ResponseWrapper.IsWrappingToken(token))
        {
            // Vault's response-wrapping policy: a wrapping token may only unwrap itself.
            var unwrap = request.Path == "sys/wrapping/unwrap" && request.Operation is Operation.Update or Operation.Create;
            decision = unwrap ? new AclDecision(true, false, false, [ResponseWrapper.Policy]) : AclDecision.Denied;
        }
        else if (_policies is null)
        {
            decision = AclDecision.Denied;
        }
        else
        {
            var acl = await _policies.GetAclAsync(token.Policies, cancellationToken);
            decision = acl.Check(request.Path, request.Operation, request.Data, request.WrapTtl);
        }

        var needsSudo = mounted is not null && PathPatterns.MatchesAny(mounted.Backend.RootPaths, request.RelativePath);
        if (!decision.Allowed || (needsSudo && !decision.HasSudo))
        {
            if (_audit is { HasDevices: true })
            {
                var denied = VaultException.PermissionDenied();
                await _audit.LogRequestAsync(request, decision, denied, cancellationToken);
            }

            throw VaultException.PermissionDenied();
        }

        request.HasSudo = decision.IsRoot || decision.HasSudo;
        return decision;
    }

    private async ValueTask<LogicalResponse?> CompleteAsync(LogicalRequest request, LogicalResponse? response, bool lastUse, CancellationToken cancellationToken)
    {
        if (response is null)
        {
            return null;
        }

        if (response.Auth is { ClientToken.Length: 0 } auth)
        {
            await MintLoginTokenAsync(request, response, auth, cancellationToken);
        }

        if (response.Secret is { LeaseId.Length: 0 } secret)
        {
            var lease = await expiration.RegisterAsync(request, secret, cancellationToken);
            if (lastUse)
            {
                await expiration.RevokeAsync(lease.LeaseId, force: true, cancellationToken);
                throw VaultException.BadRequest("Secret cannot be returned; token had one use left, so leased credentials were immediately revoked.");
            }
        }

        var wrapTtl = request.WrapTtl ?? (request.Path == "sys/wrapping/wrap" ? DefaultWrapTtl : null);
        if (wrapTtl is { } ttl && response.WrapInfo is null && response.RawJson is null && response.RawBody is null)
        {
            return await wrapper.WrapAsync(request, response, ttl, cancellationToken);
        }

        return response;
    }

    /// <summary>Creates the orphan service token that an auth method's login asked for (AppRole and others).</summary>
    private async ValueTask MintLoginTokenAsync(LogicalRequest request, LogicalResponse response, AuthInfo auth, CancellationToken cancellationToken)
    {
        var mount = request.Mount!;
        var policies = auth.Policies.Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (!auth.NoDefaultPolicy && !policies.Contains("default"))
        {
            policies.Insert(0, "default");
        }

        var maxTtl = TokenLifetime.MaxTtl(mount, auth.MaxTtl, auth.ExplicitMaxTtl);
        var ttl = TokenLifetime.InitialTtl(mount, auth.Ttl, auth.Period, auth.ExplicitMaxTtl, maxTtl, response.Warnings);
        var now = time.GetUtcNow();
        var entry = await tokens.CreateAsync(
            new TokenEntry
            {
                Id = Ids.ServiceToken(),
                Accessor = Ids.Accessor(),
                Policies = policies,
                Path = request.Path.TrimEnd('/'),
                Meta = new Dictionary<string, string>(auth.Metadata, StringComparer.Ordinal),
                DisplayName = auth.DisplayName.Length > 0 ? auth.DisplayName : mount.Type,
                NumUses = auth.NumUses,
                CreationTime = now,
                CreationTtl = ttl,
                ExpireTime = now + ttl,
                ExplicitMaxTtl = auth.ExplicitMaxTtl,
                MaxTtl = maxTtl,
                Period = auth.Period,
                Renewable = auth.Renewable,
                BoundCidrs = auth.BoundCidrs,
                InternalData = auth.InternalData,
            },
            cancellationToken);

        auth.ClientToken = entry.Id;
        auth.Accessor = entry.Accessor;
        auth.Policies = policies;
        auth.Ttl = ttl;
        auth.Orphan = true;
        auth.TokenType = "service";
    }

    private static void CheckBoundCidrs(TokenEntry token, string remoteAddress)
    {
        if (token.BoundCidrs.Count > 0 && !Cidr.ContainsAny(token.BoundCidrs, remoteAddress))
        {
            throw VaultException.PermissionDenied();
        }
    }

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "A backend failed serving {Path} ({ErrorType})")]
    private static partial void LogBackendFault(ILogger logger, string path, string errorType);
}
