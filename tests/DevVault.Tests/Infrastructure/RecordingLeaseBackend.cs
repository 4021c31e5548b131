using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using DevVault.Core;
using DevVault.Expiration;
using Microsoft.Extensions.DependencyInjection;

namespace DevVault.Tests.Infrastructure;

/// <summary>
/// A minimal leasing engine for kernel tests (<c>type: test-lease</c>): <c>creds/:name</c> issues a leased secret,
/// and every renewal or revocation the expiration manager performs is recorded. <c>FailRevocations</c> makes
/// revocations throw, to exercise retries. Engines with real side effects (database) have their own tests.
/// </summary>
public sealed class RecordingLeaseBackend : IBackend, ILeaseBackend
{
    public const string TypeName = "test-lease";

    public ConcurrentQueue<string> Revoked { get; } = new();

    public ConcurrentQueue<string> Renewed { get; } = new();

    public volatile bool FailRevocations;

    public string Type => TypeName;

    public IReadOnlyList<string> UnauthenticatedPaths => [];

    public IReadOnlyList<string> RootPaths => [];

    public static void Register(IServiceCollection services, RecordingLeaseBackend backend) =>
        services.AddSingleton(new BackendRegistration(TypeName, false, _ => backend));

    public ValueTask<bool?> ExistsAsync(LogicalRequest request, CancellationToken cancellationToken) => ValueTask.FromResult<bool?>(null);

    public ValueTask<LogicalResponse?> HandleAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        if (!request.RelativePath.StartsWith("creds/", StringComparison.Ordinal) || request.Operation != Operation.Read)
        {
            throw VaultException.UnsupportedPath();
        }

        var name = request.RelativePath["creds/".Length..];
        var ttl = request.Data.GetDuration("ttl") ?? TimeSpan.FromMinutes(10);
        var response = LogicalResponse.WithData(new JsonObject { ["name"] = name });
        response.Secret = new SecretInfo { Ttl = ttl, MaxTtl = TimeSpan.FromMinutes(30), InternalData = new JsonObject { ["name"] = name } };
        return ValueTask.FromResult<LogicalResponse?>(response);
    }

    public ValueTask RevokeLeaseAsync(LeaseEntry lease, CancellationToken cancellationToken)
    {
        if (FailRevocations)
        {
            throw new InvalidOperationException("the test engine refuses to revoke");
        }

        Revoked.Enqueue(lease.LeaseId);
        return ValueTask.CompletedTask;
    }

    public ValueTask<TimeSpan> RenewLeaseAsync(LeaseEntry lease, TimeSpan increment, CancellationToken cancellationToken)
    {
        Renewed.Enqueue(lease.LeaseId);
        return ValueTask.FromResult(increment);
    }
}
