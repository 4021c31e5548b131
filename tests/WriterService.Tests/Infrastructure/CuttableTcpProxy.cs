using System.Net;
using System.Net.Sockets;

namespace VaultDemo.WriterService.Tests.Infrastructure;

/// <summary>
/// A loopback TCP proxy in front of a dependency (PostgreSQL, Vault) that a test can cut: open connections are reset
/// and new ones refused, exactly what a service sees when the dependency goes away, until <see cref="Restore"/>.
/// </summary>
public sealed class CuttableTcpProxy : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly List<TcpClient> _open = [];
    private TcpListener _listener;
    private Task _accepting;
    private bool _cut;

    public CuttableTcpProxy(string host, int port)
    {
        // A name (the container's "localhost") or an address; IPv4 first, as the server's published port listens there.
        var address = IPAddress.TryParse(host, out var parsed) ? parsed
            : Dns.GetHostAddresses(host).OrderBy(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 0 : 1).First();
        _target = new IPEndPoint(address, port);
        _listener = Listen(0);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync(_listener);
    }

    public int Port { get; }

    /// <summary>
    /// Resets every open connection and stops listening, so a new connection is refused outright: a client can tell
    /// it never reached the dependency, as it can when the real one is down.
    /// </summary>
    public void Cut()
    {
        lock (_gate)
        {
            _cut = true;
            _listener.Stop();
            foreach (var client in _open)
            {
                client.Client.LingerState = new LingerOption(true, 0); // RST, not a polite FIN
                client.Dispose();
            }

            _open.Clear();
        }
    }

    /// <summary>Listens again, on the same port.</summary>
    public void Restore()
    {
        lock (_gate)
        {
            if (_cut && !_stopping.IsCancellationRequested)
            {
                _cut = false;
                _listener = Listen(Port);
                _accepting = AcceptAsync(_listener);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        Cut();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private static TcpListener Listen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        // Connections the cut closed linger in TIME_WAIT on this port; they must not keep Restore from listening on it.
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        return listener;
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return; // this listener was stopped by a cut or by disposal
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
                if (_cut)
                {
                    client.Client.LingerState = new LingerOption(true, 0); // accepted just before the cut
                    return;
                }

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
