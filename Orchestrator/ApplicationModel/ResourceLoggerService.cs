using System.Runtime.CompilerServices;
using System.Threading.Channels;
using VaultDemo.Orchestrator.Processes;

namespace VaultDemo.Orchestrator.ApplicationModel;

/// <summary>
/// Each resource's console output, kept in memory for the dashboard. Bounded per resource: the oldest
/// lines are dropped first. Lines are numbered per resource from 1, across restarts of its process.
/// </summary>
public sealed class ResourceLoggerService(int capacityPerResource = ResourceLoggerService.DefaultCapacity)
{
    public const int DefaultCapacity = 10_000;

    private readonly object _gate = new();
    private readonly Dictionary<string, Queue<ResourceLogLine>> _lines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _lastNumber = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Channel<ResourceLogLine>>> _watchers = new(StringComparer.Ordinal);

    public void Add(string resourceName, ConsoleLogLine line)
    {
        lock (_gate)
        {
            if (!_lines.TryGetValue(resourceName, out var lines))
            {
                _lines[resourceName] = lines = new Queue<ResourceLogLine>();
            }

            var numbered = new ResourceLogLine(_lastNumber[resourceName] = _lastNumber.GetValueOrDefault(resourceName) + 1, line);
            lines.Enqueue(numbered);
            if (lines.Count > capacityPerResource)
            {
                lines.Dequeue();
            }

            foreach (var watcher in _watchers.GetValueOrDefault(resourceName) ?? [])
            {
                watcher.Writer.TryWrite(numbered);
            }
        }
    }

    /// <summary>The kept lines numbered after <paramref name="afterLine"/>, oldest first.</summary>
    public IReadOnlyList<ResourceLogLine> GetLines(string resourceName, long afterLine = 0)
    {
        lock (_gate)
        {
            return _lines.TryGetValue(resourceName, out var lines) ? [.. lines.Where(l => l.LineNumber > afterLine)] : [];
        }
    }

    /// <summary>The kept lines, then each new line as it is written.</summary>
    public async IAsyncEnumerable<ResourceLogLine> WatchAsync(string resourceName, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<ResourceLogLine>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate)
        {
            foreach (var line in _lines.GetValueOrDefault(resourceName) ?? new Queue<ResourceLogLine>())
            {
                channel.Writer.TryWrite(line);
            }

            if (!_watchers.TryGetValue(resourceName, out var watchers))
            {
                _watchers[resourceName] = watchers = [];
            }

            watchers.Add(channel);
        }

        try
        {
            await foreach (var line in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return line;
            }
        }
        finally
        {
            lock (_gate)
            {
                _watchers[resourceName].Remove(channel);
            }
        }
    }
}

/// <summary>A captured line with its number in the resource's output.</summary>
public sealed record ResourceLogLine(long LineNumber, ConsoleLogLine Line);
