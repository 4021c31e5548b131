using DevVault.Core;

namespace DevVault.Sys;

/// <summary>
/// A group of <c>sys/</c> endpoints served by a component outside the system backend (policies, audit).
/// The system backend routes a request to the first group whose <see cref="Prefixes"/> match the path below <c>sys/</c>.
/// </summary>
public interface ISysEndpoints
{
    /// <summary>Paths below <c>sys/</c>, exact or with a trailing <c>*</c> (<c>policy</c>, <c>policy/*</c>).</summary>
    IReadOnlyList<string> Prefixes { get; }

    /// <summary>Root-protected paths below <c>sys/</c> in this group (need sudo).</summary>
    IReadOnlyList<string> RootPaths { get; }

    /// <summary>Paths below <c>sys/</c> whose keys Vault also copies to the top level of the JSON reply.</summary>
    IReadOnlyList<string> TopLevelDataPaths { get; }

    ValueTask<LogicalResponse?> HandleAsync(LogicalRequest request, string sysPath, CancellationToken cancellationToken);
}
