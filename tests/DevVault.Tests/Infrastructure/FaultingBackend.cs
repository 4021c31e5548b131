using DevVault.Core;
using Microsoft.Extensions.DependencyInjection;

namespace DevVault.Tests.Infrastructure;

/// <summary>An engine (<c>type: test-fault</c>) whose every request throws an unexpected exception, as a bug or a dropped dependency would.</summary>
public sealed class FaultingBackend : IBackend
{
    public const string TypeName = "test-fault";

    public const string SecretInTheFault = "fault-detail-that-must-not-leak";

    public string Type => TypeName;

    public IReadOnlyList<string> UnauthenticatedPaths => [];

    public IReadOnlyList<string> RootPaths => [];

    public static void Register(IServiceCollection services) =>
        services.AddSingleton(new BackendRegistration(TypeName, false, _ => new FaultingBackend()));

    public ValueTask<bool?> ExistsAsync(LogicalRequest request, CancellationToken cancellationToken) => ValueTask.FromResult<bool?>(null);

    public ValueTask<LogicalResponse?> HandleAsync(LogicalRequest request, CancellationToken cancellationToken) =>
        throw new InvalidOperationException(SecretInTheFault);
}
