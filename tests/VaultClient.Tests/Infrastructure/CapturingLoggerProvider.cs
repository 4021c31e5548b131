using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace VaultDemo.VaultClient.Tests.Infrastructure;

/// <summary>Keeps every formatted log message and exception text, to prove secrets never reach them.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var structured = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(";", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            provider.Entries.Enqueue($"{logLevel} {eventId} {formatter(state, exception)} {structured} {exception}");
        }
    }
}
