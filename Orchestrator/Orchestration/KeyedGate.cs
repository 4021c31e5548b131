using System.Collections.Concurrent;

namespace VaultDemo.Orchestrator.Orchestration;

/// <summary>One async mutex per key: commands on the same resource run one at a time, on different resources in parallel.</summary>
internal sealed class KeyedGate
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    /// <summary>Waits for the key's turn; disposing the result lets the next caller in.</summary>
    public async Task<IDisposable> EnterAsync(string key, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Turn(gate);
    }

    private sealed class Turn(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
