namespace VaultDemo.Orchestrator.ApplicationModel;

/// <summary>
/// A value known only once the application runs (a generated password, an allocated port, a connection
/// string), passed to a resource as an environment variable or an argument.
/// </summary>
public interface IValueProvider
{
    /// <summary>Secret values are masked wherever the AppHost shows them.</summary>
    bool IsSecret { get; }

    ValueTask<string> GetValueAsync(CancellationToken cancellationToken = default);
}

/// <summary>A value fixed when the AppHost is built.</summary>
public sealed record LiteralValue(string Value, bool IsSecret = false) : IValueProvider
{
    public ValueTask<string> GetValueAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(Value);
}

/// <summary>A resource's connection string, secret because it carries a password.</summary>
public sealed record ConnectionStringReference(IResourceWithConnectionString Resource) : IValueProvider
{
    public bool IsSecret => true;

    public async ValueTask<string> GetValueAsync(CancellationToken cancellationToken = default) =>
        await Resource.GetConnectionStringAsync(cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidOperationException($"The connection string of '{Resource.Name}' is not available: the resource has not started.");
}
