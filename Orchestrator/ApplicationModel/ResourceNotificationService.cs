using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace VaultDemo.Orchestrator.ApplicationModel;

/// <summary>
/// The latest snapshot of every resource, and a stream of changes: what the console reporter, the
/// resources API, the dashboard and tests all watch.
/// </summary>
public sealed class ResourceNotificationService
{
    private readonly object _gate = new();
    private readonly Dictionary<string, ResourceEvent> _current = new(StringComparer.Ordinal);
    private readonly List<Channel<ResourceEvent>> _watchers = [];

    /// <summary>The current snapshot of every resource, in the order they were added.</summary>
    public IReadOnlyList<ResourceEvent> Current
    {
        get
        {
            lock (_gate)
            {
                return [.. _current.Values];
            }
        }
    }

    public bool TryGetCurrent(string resourceName, out ResourceEvent resourceEvent)
    {
        lock (_gate)
        {
            return _current.TryGetValue(resourceName, out resourceEvent!);
        }
    }

    /// <summary>Applies <paramref name="update"/> to the resource's snapshot and tells every watcher.</summary>
    public ResourceSnapshot PublishUpdate(IResource resource, Func<ResourceSnapshot, ResourceSnapshot> update)
    {
        lock (_gate)
        {
            var previous = _current.TryGetValue(resource.Name, out var existing)
                ? existing.Snapshot
                : new ResourceSnapshot { Name = resource.Name, Type = ResourceTypes.Of(resource) };
            var resourceEvent = new ResourceEvent(resource, update(previous));
            _current[resource.Name] = resourceEvent;
            foreach (var watcher in _watchers)
            {
                watcher.Writer.TryWrite(resourceEvent);
            }

            return resourceEvent.Snapshot;
        }
    }

    /// <summary>Every resource's current snapshot, then each change as it happens.</summary>
    public async IAsyncEnumerable<ResourceEvent> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<ResourceEvent>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate)
        {
            foreach (var resourceEvent in _current.Values)
            {
                channel.Writer.TryWrite(resourceEvent);
            }

            _watchers.Add(channel);
        }

        try
        {
            await foreach (var resourceEvent in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return resourceEvent;
            }
        }
        finally
        {
            lock (_gate)
            {
                _watchers.Remove(channel);
            }
        }
    }

    /// <summary>Waits until the resource's snapshot satisfies <paramref name="predicate"/>.</summary>
    public async Task<ResourceEvent> WaitForResourceAsync(string resourceName, Func<ResourceEvent, bool> predicate, CancellationToken cancellationToken = default)
    {
        await foreach (var resourceEvent in WatchAsync(cancellationToken).ConfigureAwait(false))
        {
            if (resourceEvent.Resource.Name == resourceName && predicate(resourceEvent))
            {
                return resourceEvent;
            }
        }

        throw new OperationCanceledException(cancellationToken);
    }

    /// <summary>Waits until the resource reaches one of <paramref name="targetStates"/> (Running when none is given).</summary>
    public Task<ResourceEvent> WaitForResourceAsync(string resourceName, IEnumerable<ResourceState>? targetStates = null, CancellationToken cancellationToken = default)
    {
        var states = targetStates?.ToHashSet() ?? [ResourceState.Running];
        return WaitForResourceAsync(resourceName, e => states.Contains(e.Snapshot.State), cancellationToken);
    }

    /// <summary>
    /// Waits until the resource is running and healthy.
    /// </summary>
    /// <exception cref="InvalidOperationException">The resource reached a state it cannot become healthy from; the message says which and why.</exception>
    public async Task<ResourceEvent> WaitForResourceHealthyAsync(string resourceName, CancellationToken cancellationToken = default)
    {
        var resourceEvent = await WaitForResourceAsync(resourceName, e => e.Snapshot.IsHealthy || e.Snapshot.State.IsTerminal(), cancellationToken).ConfigureAwait(false);
        return resourceEvent.Snapshot.IsHealthy
            ? resourceEvent
            : throw new InvalidOperationException($"Resource '{resourceName}' will not become healthy: it is {ResourceTypes.Describe(resourceEvent.Snapshot)}.");
    }
}
