using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VaultDemo.Hosting.Diagnostics;

namespace VaultDemo.Hosting.Vault;

/// <summary>
/// Runs <see cref="VaultUnsealer"/> beside each start of Vault's process (the first, and every Start or Restart from
/// the dashboard), not before it: Vault must be running to be unsealed, and Aspire starts it only after the handlers of
/// <see cref="BeforeResourceStartedEvent"/> return. A new start cancels what is left of the previous one.
/// </summary>
internal sealed class UnsealOnEveryStart(IVaultResource vault, VaultKeyFiles files)
{
    private readonly Lock _lock = new();
    private CancellationTokenSource? _current;

    public Task OnBeforeStartAsync(BeforeResourceStartedEvent @event)
    {
        var stopping = @event.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var logger = @event.Services.GetRequiredService<ResourceLoggerService>().GetLogger(vault);
        var attempt = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        lock (_lock)
        {
            // Cancelled, not disposed: the previous attempt may still be reading its token.
            _current?.Cancel();
            _current = attempt;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                var address = await vault.ConnectionStringExpression.GetValueAsync(attempt.Token).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"Vault '{vault.Name}' has no address.");
                // A client per start: the unsealer polls a process that may not listen yet, and is done within seconds.
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
                await new VaultUnsealer(http, new Uri(address), files, logger).InitializeAndUnsealAsync(attempt.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (attempt.IsCancellationRequested)
            {
                // Stopped, restarted, or the AppHost is shutting down: the next start unseals anew.
            }
            catch (Exception exception) when (exception is InvalidOperationException or HttpRequestException or IOException or System.Text.Json.JsonException)
            {
                // Vault stays sealed and so unhealthy: nothing waiting for it starts, and this says why on its console.
                Log.UnsealFailed(logger, exception);
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }
}
