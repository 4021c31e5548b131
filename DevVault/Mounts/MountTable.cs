using DevVault.Cli;
using DevVault.Core;
using DevVault.Storage;

namespace DevVault.Mounts;

/// <summary>A mounted backend: its table entry and the instance that serves it.</summary>
public sealed record Mounted(MountEntry Entry, IBackend Backend);

/// <summary>
/// The mount and auth tables, and the router over them: a request goes to the mount with the longest
/// matching path prefix. Reads are lock-free (an immutable snapshot swapped on change).
/// </summary>
public sealed class MountTable(
    IServiceProvider services,
    IStorage storage,
    DevServerOptions options,
    TimeProvider time,
    ILoggerFactory loggerFactory,
    IEnumerable<BackendRegistration> registrations)
{
    private readonly Dictionary<string, BackendRegistration> _registrations =
        registrations.ToDictionary(r => r.Type, StringComparer.Ordinal);

    private const string TableKey = "core/mounts";

    private readonly Lock _writeLock = new();
    private Mounted[] _byLongestPath = [];

    public IReadOnlyList<Mounted> All => Volatile.Read(ref _byLongestPath);

    public bool IsRegistered(string type) => _registrations.ContainsKey(type);

    /// <summary>The mount serving <paramref name="path"/>, or null when no mount matches.</summary>
    public Mounted? Match(string path)
    {
        foreach (var mounted in Volatile.Read(ref _byLongestPath))
        {
            var mountPath = mounted.Entry.Path;
            if (path.StartsWith(mountPath, StringComparison.Ordinal)
                || (path.Length == mountPath.Length - 1 && mountPath.StartsWith(path, StringComparison.Ordinal)))
            {
                return mounted;
            }
        }

        return null;
    }

    public Mounted? Get(string mountPath) => All.FirstOrDefault(m => m.Entry.Path == mountPath);

    /// <summary>Mounts a built-in backend (sys, token) that is not created from a registration.</summary>
    public void MountBuiltIn(MountEntry entry, IBackend backend) => Add(new Mounted(entry, backend));

    /// <summary>Creates the entry's backend from its type's registration and mounts it.</summary>
    public async Task<Mounted> MountAsync(MountEntry entry, CancellationToken cancellationToken = default)
    {
        if (!_registrations.TryGetValue(entry.Type, out var registration) || registration.IsAuthMethod != entry.IsAuthMethod)
        {
            throw VaultException.BadRequest($"plugin not found in the catalog: {entry.Type}");
        }

        var conflict = All.FirstOrDefault(m => entry.Path.StartsWith(m.Entry.Path, StringComparison.Ordinal) || m.Entry.Path.StartsWith(entry.Path, StringComparison.Ordinal));
        if (conflict is not null)
        {
            throw VaultException.BadRequest($"path is already in use at {conflict.Entry.Path}");
        }

        var backend = registration.Create(ContextFor(entry));
        var mounted = new Mounted(entry, backend);
        Add(mounted);
        await PersistAsync(cancellationToken);
        return mounted;
    }

    /// <summary>Removes a mount and everything it stored. The caller revokes its leases first.</summary>
    public async Task<bool> UnmountAsync(string mountPath, CancellationToken cancellationToken = default)
    {
        Mounted? removed;
        lock (_writeLock)
        {
            removed = _byLongestPath.FirstOrDefault(m => m.Entry.Path == mountPath);
            if (removed is null)
            {
                return false;
            }

            Volatile.Write(ref _byLongestPath, [.. _byLongestPath.Where(m => m != removed)]);
        }

        (removed.Backend as IDisposable)?.Dispose();
        await DeleteTreeAsync(new StorageView(storage, StoragePrefix(removed.Entry)), "", cancellationToken);
        await PersistAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Moves a mount to a new path. Its storage is keyed by uuid, so the data moves with it untouched.
    /// The caller revokes the mount's leases first (their ids carry the old path).
    /// </summary>
    public async Task RemountAsync(string from, string to, CancellationToken cancellationToken = default)
    {
        lock (_writeLock)
        {
            var source = _byLongestPath.FirstOrDefault(m => m.Entry.Path == from)
                ?? throw VaultException.BadRequest($"no matching mount at \"{from}\"");
            var conflict = _byLongestPath.FirstOrDefault(m => m != source
                && (to.StartsWith(m.Entry.Path, StringComparison.Ordinal) || m.Entry.Path.StartsWith(to, StringComparison.Ordinal)));
            if (conflict is not null)
            {
                throw VaultException.BadRequest($"path already in use at \"{conflict.Entry.Path}\"");
            }

            source.Entry.Path = to;
            Volatile.Write(ref _byLongestPath, [.. _byLongestPath.OrderByDescending(m => m.Entry.Path.Length)]);
        }

        await PersistAsync(cancellationToken);
    }

    /// <summary>
    /// Mounts every entry of the stored table (at unseal). Built-in types (sys, token) are made by
    /// <paramref name="createBuiltIn"/>; the rest from their registrations, each over its own storage as before.
    /// </summary>
    public async Task LoadAsync(Func<string, IBackend> createBuiltIn, CancellationToken cancellationToken = default)
    {
        var entries = await storage.GetJsonAsync<List<MountEntry>>(TableKey, cancellationToken)
            ?? throw new InvalidOperationException("The mount table is missing from storage.");
        foreach (var entry in entries)
        {
            if (entry.Type is "system" or "token")
            {
                MountBuiltIn(entry, createBuiltIn(entry.Type));
            }
            else if (_registrations.TryGetValue(entry.Type, out var registration))
            {
                var backend = registration.Create(ContextFor(entry));
                Add(new Mounted(entry, backend));
                if (backend is IScheduledBackend scheduled)
                {
                    await scheduled.RestoreSchedulesAsync(cancellationToken);
                }
            }
            else
            {
                throw new InvalidOperationException($"The stored mount {entry.Path} has type {entry.Type}, which this server does not have.");
            }
        }
    }

    /// <summary>Drops every mounted backend (at seal); the stored table is untouched.</summary>
    public void Unload()
    {
        Mounted[] removed;
        lock (_writeLock)
        {
            removed = _byLongestPath;
            Volatile.Write(ref _byLongestPath, []);
        }

        foreach (var mounted in removed)
        {
            (mounted.Backend as IDisposable)?.Dispose();
        }
    }

    public Task PersistAsync(CancellationToken cancellationToken = default) =>
        storage.PutJsonAsync(TableKey, All.Select(m => m.Entry).ToList(), cancellationToken).AsTask();

    private BackendContext ContextFor(MountEntry entry) => new()
    {
        Mount = entry,
        Storage = new StorageView(storage, StoragePrefix(entry)),
        Time = time,
        LoggerFactory = loggerFactory,
        Services = services,
    };

    private static string StoragePrefix(MountEntry entry) => (entry.IsAuthMethod ? "auth/" : "logical/") + entry.Uuid + "/";

    private void Add(Mounted mounted)
    {
        mounted.Entry.SystemDefaultLeaseTtl = options.DefaultLeaseTtl;
        mounted.Entry.SystemMaxLeaseTtl = options.MaxLeaseTtl;
        lock (_writeLock)
        {
            Volatile.Write(ref _byLongestPath, [.. _byLongestPath.Append(mounted).OrderByDescending(m => m.Entry.Path.Length)]);
        }
    }

    private static async Task DeleteTreeAsync(IStorage view, string prefix, CancellationToken cancellationToken)
    {
        foreach (var key in await view.ListAsync(prefix, cancellationToken))
        {
            if (key.EndsWith('/'))
            {
                await DeleteTreeAsync(view, prefix + key, cancellationToken);
            }
            else
            {
                await view.DeleteAsync(prefix + key, cancellationToken);
            }
        }
    }
}
