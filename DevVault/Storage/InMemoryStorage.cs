using System.Collections.Concurrent;

namespace DevVault.Storage;

/// <summary>Dev-mode storage: everything in memory and gone at exit, as with <c>vault server -dev</c>.</summary>
public sealed class InMemoryStorage : IStorage
{
    private readonly ConcurrentDictionary<string, byte[]> _entries = new(StringComparer.Ordinal);

    public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_entries.TryGetValue(key, out var value) ? value : null);

    public ValueTask PutAsync(string key, byte[] value, CancellationToken cancellationToken = default)
    {
        _entries[key] = value;
        return ValueTask.CompletedTask;
    }

    public ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        _entries.TryRemove(key, out _);
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var children = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var key in _entries.Keys)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = key[prefix.Length..];
            var slash = rest.IndexOf('/');
            children.Add(slash < 0 ? rest : rest[..(slash + 1)]);
        }

        return ValueTask.FromResult<IReadOnlyList<string>>([.. children]);
    }
}
