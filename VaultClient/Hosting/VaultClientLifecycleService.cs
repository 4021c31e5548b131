using Microsoft.Extensions.Hosting;

namespace VaultDemo.VaultClient.Hosting;

/// <summary>
/// Logs in at start (bad credentials or a consumed wrapping token stop the host with a clear message; an
/// unreachable Vault does not, the lifecycle keeps retrying), keeps the token alive, and revokes it at shutdown.
/// </summary>
internal sealed class VaultClientLifecycleService(VaultClient client) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _lifecycle;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await client.Token.EnsureLoggedInAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (VaultApiException e) when (e.IsTransient)
        {
            // Vault is not reachable yet: the health check reports it and the lifecycle logs in when it can.
        }

        _lifecycle = Task.Run(() => client.Token.RunAsync(_stopping.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_lifecycle is not null)
        {
            await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (client.Options.RevokeTokenOnShutdown)
        {
            await client.Token.RevokeAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _stopping.Dispose();
}
