using System.Threading.Channels;

namespace DevVault.Storage;

/// <summary>
/// Group commit, as databases do it for their own log: writes that arrive while the storage is busy committing are
/// queued, and the next free committer takes everything queued and commits it as one transaction. A lone write is
/// picked up at once and pays nothing extra; under load one round trip and one WAL flush serve many writes, which
/// is what lets a server's writes go faster than one transaction per write allows.
/// </summary>
/// <remarks>
/// Writes keep their order inside a group, so a key written twice ends with the later value. If the storage rolled a
/// group back (a statement failed: a key PostgreSQL cannot store, say), each of its writes is committed again on its
/// own, so the bad write fails alone. Any other failure (a lost connection) leaves unknown what was committed, so the
/// whole group fails with it rather than writing again over what may have followed.
/// </remarks>
internal sealed class GroupCommit : IAsyncDisposable
{
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Func<IReadOnlyList<StorageWrite>, Task> _commit;
    private readonly Func<Exception, bool> _rolledBack;
    private readonly int _maxWritesPerGroup;
    private readonly Task[] _committers;

    /// <param name="commit">Commits its writes in one transaction, all or none.</param>
    /// <param name="rolledBack">Whether a failure of <paramref name="commit"/> means nothing of it was committed.</param>
    /// <param name="committers">Most transactions in flight at once.</param>
    /// <param name="maxWritesPerGroup">A group stops growing once it holds this many writes.</param>
    public GroupCommit(Func<IReadOnlyList<StorageWrite>, Task> commit, Func<Exception, bool> rolledBack, int committers, int maxWritesPerGroup)
    {
        _commit = commit;
        _rolledBack = rolledBack;
        _maxWritesPerGroup = maxWritesPerGroup;
        _committers = [.. Enumerable.Range(0, committers).Select(_ => Task.Run(CommitQueuedAsync))];
    }

    /// <summary>Completes once <paramref name="writes"/> are committed, together, with whatever group they joined.</summary>
    public Task WriteAsync(IReadOnlyList<StorageWrite> writes, CancellationToken cancellationToken)
    {
        var pending = new PendingWrite(writes);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(GroupCommit));
        }

        // A caller that stops waiting cannot take its write back: it may still commit, as a timed-out statement may.
        return pending.Committed.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        // Whatever is queued is still committed before the storage beneath closes.
        _queue.Writer.TryComplete();
        await Task.WhenAll(_committers);
    }

    private async Task CommitQueuedAsync()
    {
        var group = new List<PendingWrite>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            group.Clear();
            var size = 0;
            while (size < _maxWritesPerGroup && _queue.Reader.TryRead(out var pending))
            {
                group.Add(pending);
                size += pending.Writes.Count;
            }

            if (group.Count > 0)
            {
                await CommitGroupAsync(group);
            }
        }
    }

    private async Task CommitGroupAsync(List<PendingWrite> group)
    {
        try
        {
            await _commit(group.Count == 1 ? group[0].Writes : [.. group.SelectMany(p => p.Writes)]);
            group.ForEach(p => p.Committed.TrySetResult());
            return;
        }
        catch (Exception e) when (group.Count == 1 || !_rolledBack(e))
        {
            group.ForEach(p => p.Committed.TrySetException(e));
            return;
        }
        catch (Exception)
        {
            // Nothing of the group was committed: find the write that failed by committing each alone.
        }

        foreach (var pending in group)
        {
            try
            {
                await _commit(pending.Writes);
                pending.Committed.TrySetResult();
            }
            catch (Exception e)
            {
                pending.Committed.TrySetException(e);
            }
        }
    }

    private sealed record PendingWrite(IReadOnlyList<StorageWrite> Writes)
    {
        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
