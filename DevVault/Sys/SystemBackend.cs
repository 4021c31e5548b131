using DevVault.Core;

namespace DevVault.Sys;

/// <summary>
/// The <c>sys/</c> backend: a dispatcher over groups of endpoints. The kernel's own groups (status, mounts,
/// leases, wrapping, tools) and those other components register (policies, audit) are all <see cref="ISysEndpoints"/>.
/// </summary>
public sealed class SystemBackend : IBackend
{
    private readonly ISysEndpoints[] _groups;

    public SystemBackend(IServiceProvider services, IEnumerable<ISysEndpoints> registered)
    {
        _groups =
        [
            services.GetRequiredService<StatusEndpoints>(),
            ActivatorUtilities.CreateInstance<MountEndpoints>(services),
            ActivatorUtilities.CreateInstance<LeaseEndpoints>(services),
            ActivatorUtilities.CreateInstance<WrappingEndpoints>(services),
            ActivatorUtilities.CreateInstance<ToolEndpoints>(services),
            ActivatorUtilities.CreateInstance<RemountEndpoints>(services),
            ActivatorUtilities.CreateInstance<KeyEndpoints>(services),
            ActivatorUtilities.CreateInstance<MetricsEndpoints>(services),
            .. registered,
        ];
        RootPaths = [.. _groups.SelectMany(g => g.RootPaths)];
    }

    public string Type => "system";

    /// <summary>Paths Vault serves without a token (status endpoints and wrapping lookup).</summary>
    public IReadOnlyList<string> UnauthenticatedPaths { get; } =
        ["health", "seal-status", "init", "unseal", "leader", "wrapping/lookup", "internal/ui/mounts", "internal/ui/mounts/*"];

    public IReadOnlyList<string> RootPaths { get; }

    public ValueTask<bool?> ExistsAsync(LogicalRequest request, CancellationToken cancellationToken) => ValueTask.FromResult<bool?>(null);

    public ValueTask<LogicalResponse?> HandleAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        var sysPath = request.RelativePath;
        foreach (var group in _groups)
        {
            if (PathPatterns.MatchesAny(group.Prefixes, sysPath))
            {
                return group.HandleAsync(request, sysPath, cancellationToken);
            }
        }

        throw VaultException.UnsupportedPath();
    }
}
