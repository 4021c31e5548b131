using Polly;

namespace VaultDemo.ServiceDefaults.Resilience;

/// <summary>Sends each request through its destination's resilience pipeline (see <see cref="StandardResiliencePipeline"/>).</summary>
public sealed class StandardResilienceHandler(ResiliencePipelines pipelines) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var pipeline = pipelines.For(request.RequestUri);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(StandardResiliencePipeline.RequestKey, request);
        try
        {
            var outcome = await pipeline.ExecuteOutcomeAsync(
                async (attemptContext, state) =>
                {
                    try
                    {
                        return Outcome.FromResult(await state.Handler.SendCoreAsync(state.Request, attemptContext.CancellationToken).ConfigureAwait(false));
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !state.Caller.IsCancellationRequested)
                    {
                        return Outcome.FromException<HttpResponseMessage>(e);
                    }
                },
                context,
                (Handler: this, Request: request, Caller: cancellationToken)).ConfigureAwait(false);
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}
