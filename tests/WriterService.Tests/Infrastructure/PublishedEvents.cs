using System.Collections.Concurrent;
using MassTransit;
using VaultDemo.Contracts;

namespace VaultDemo.WriterService.Tests.Infrastructure;

/// <summary>What reached the bus, as a consumer on the other side sees it.</summary>
public sealed class PublishedEvents
{
    private readonly ConcurrentQueue<SecretVersionWritten> _events = new();

    public IReadOnlyList<SecretVersionWritten> For(string path) => _events.Where(e => e.Path == path).ToList();

    internal void Add(SecretVersionWritten written) => _events.Enqueue(written);
}

/// <summary>Consumes the writer's events from the in-memory bus into <see cref="PublishedEvents"/>.</summary>
public sealed class PublishedEventRecorder(PublishedEvents events) : IConsumer<SecretVersionWritten>
{
    public Task Consume(ConsumeContext<SecretVersionWritten> context)
    {
        events.Add(context.Message);
        return Task.CompletedTask;
    }
}
