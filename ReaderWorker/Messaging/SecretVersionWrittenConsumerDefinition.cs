using MassTransit;

namespace VaultDemo.ReaderWorker.Messaging;

/// <summary>
/// A durable queue of the reader's own, bound when the worker starts (so before the writer, which waits for the
/// reader, publishes). Failures are retried with backoff while Vault or PostgreSQL is briefly away; a message that
/// still fails goes to the error queue, and the reconciler reads its version anyway.
/// </summary>
internal sealed class SecretVersionWrittenConsumerDefinition : ConsumerDefinition<SecretVersionWrittenConsumer>
{
    public SecretVersionWrittenConsumerDefinition() => EndpointName = "reader-secret-versions";

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<SecretVersionWrittenConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(retry => retry.Exponential(8, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(300)));
}
