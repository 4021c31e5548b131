using System.Net;
using System.Net.Sockets;

namespace VaultDemo.Orchestrator.Processes;

/// <summary>Free TCP ports on the loopback interface, chosen by the kernel.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Returns <paramref name="port"/> unless it is 0, which asks for a free one.</summary>
    public static int OrNext(int port) => port == 0 ? Next() : port;
}
