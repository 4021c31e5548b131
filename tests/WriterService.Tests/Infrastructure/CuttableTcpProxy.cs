using System.Net;
using System.Net.Sockets;

namespace VaultDemo.WriterService.Tests.Infrastructure;

/// <summary>
/// A loopback TCP proxy in front of PostgreSQL that a test can cut: open connections are reset and new ones refused,
/// exactly what a service sees when its database goes away, until <see cref="Restore"/>.
/// </summary>
public sealed class CuttableTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly List<TcpClient> _open = [];
    private readonly Task _accepting;
    private volatile bool _cut;

    public CuttableTcpProxy(string host, int port)
    {
        // A name (the container's "localhost") or an address; IPv4 first, as the server's published port listens there.
        var address = IPAddress.TryParse(host, out var parsed) ? parsed
            : Dns.GetHostAddresses(host).OrderBy(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 0 : 1).First();
        _target = new IPEndPoint(address, port);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Resets every open connection and refuses new ones.</summary>
    public void Cut()
    {
        _cut = true;
        lock (_gate)
        {
            foreach (var client in _open)
            {
                client.Client.LingerState = new LingerOption(true, 0); // RST, not a polite FIN
                client.Dispose();
            }

            _open.Clear();
        }
    }

    public void Restore() => _cut = false;

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        Cut();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            if (_cut)
            {
                client.Client.LingerState = new LingerOption(true, 0);
                client.Dispose();
                continue;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var server = new TcpClient();
        try
        {
            await server.ConnectAsync(_target, _stopping.Token);
            lock (_gate)
            {
                _open.Add(client);
                _open.Add(server);
            }

            var upstream = client.GetStream().CopyToAsync(server.GetStream(), _stopping.Token);
            var downstream = server.GetStream().CopyToAsync(client.GetStream(), _stopping.Token);
            await Task.WhenAny(upstream, downstream);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection ended (or was cut); closing both sides below is all there is to do.
        }
        finally
        {
            lock (_gate)
            {
                _open.Remove(client);
                _open.Remove(server);
            }

            client.Dispose();
        }
    }
}
