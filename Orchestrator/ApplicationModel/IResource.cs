namespace VaultDemo.Orchestrator.ApplicationModel;

/// <summary>Something the AppHost starts or configures: a process, a server, a database, a parameter.</summary>
public interface IResource
{
    string Name { get; }

    /// <summary>Everything the builder said about it: endpoints, environment, waits, health checks.</summary>
    IList<IResourceAnnotation> Annotations { get; }
}

/// <summary>A piece of data attached to a resource by a builder method.</summary>
public interface IResourceAnnotation;

/// <summary>A resource whose connection string other resources receive as <c>ConnectionStrings__&lt;name&gt;</c>.</summary>
public interface IResourceWithConnectionString : IResource
{
    /// <summary>The connection string once the resource has started; null before.</summary>
    ValueTask<string?> GetConnectionStringAsync(CancellationToken cancellationToken = default);
}

/// <summary>A resource that receives environment variables.</summary>
public interface IResourceWithEnvironment : IResource;

/// <summary>A resource that serves endpoints other resources can reference.</summary>
public interface IResourceWithEndpoints : IResource;

/// <summary>A resource that exists inside another (a database inside its server); it starts with its parent.</summary>
public interface IResourceWithParent : IResource
{
    IResource Parent { get; }
}
