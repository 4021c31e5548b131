using MassTransit;
using VaultDemo.Contracts;
using VaultDemo.ReaderWorker.Reading;

namespace VaultDemo.ReaderWorker.Messaging;

/// <summary>Reads the announced version. Redelivery is harmless: the read is recorded once.</summary>
internal sealed class SecretVersionWrittenConsumer(SecretVersionReader reader) : IConsumer<SecretVersionWritten>
{
    public Task Consume(ConsumeContext<SecretVersionWritten> context) =>
        reader.ReadAsync(context.Message.Path, context.Message.Version, context.CancellationToken);
}
