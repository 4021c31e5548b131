namespace DevVault.Storage;

/// <summary>
/// Serialises writers of the same key without a global lock: keys hash onto a fixed set of semaphores,
/// so unrelated keys rarely contend and memory stays bounded however many keys exist. 256 stripes, as Vault's own
/// lock sets: a writer holds its stripe through a storage commit, so with 64 sixteen concurrent writers of different
/// keys found one of theirs taken by another a fifth of the time, and waited out its commit.
/// </summary>
public sealed class KeyLocks
{
    private readonly SemaphoreSlim[] _stripes = [.. Enumerable.Range(0, 256).Select(_ => new SemaphoreSlim(1, 1))];

    public async ValueTask<IDisposable> AcquireAsync(string key, CancellationToken cancellationToken = default)
    {
        var stripe = _stripes[StripeOf(key)];
        await stripe.WaitAsync(cancellationToken);
        return new Release(stripe);
    }

    /// <summary>
    /// Holds the locks of every key in <paramref name="keys"/> at once. Stripes are taken once each and in index
    /// order, so two holders of several keys can never each wait for a stripe the other holds.
    /// </summary>
    public async ValueTask<IDisposable> AcquireAllAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default)
    {
        var held = new List<IDisposable>();
        try
        {
            foreach (var stripe in keys.Select(StripeOf).Distinct().Order())
            {
                await _stripes[stripe].WaitAsync(cancellationToken);
                held.Add(new Release(_stripes[stripe]));
            }
        }
        catch
        {
            held.ForEach(r => r.Dispose());
            throw;
        }

        return new ReleaseAll(held);
    }

    private int StripeOf(string key) => (int)((uint)StringComparer.Ordinal.GetHashCode(key) % (uint)_stripes.Length);

    private sealed class ReleaseAll(List<IDisposable> held) : IDisposable
    {
        public void Dispose() => held.ForEach(r => r.Dispose());
    }

    private sealed class Release(SemaphoreSlim stripe) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                stripe.Release();
            }
        }
    }
}
