using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using DevVault.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace DevVault.Hosting;

/// <summary>Binds a <c>listener "tcp"</c> stanza (or a dev server's address) on Kestrel, with TLS when the stanza asks for it.</summary>
public static class ListenerEndpoint
{
    public static void Bind(KestrelServerOptions kestrel, ListenerConfiguration listener)
    {
        var endpoint = Parse(listener.Address);
        if (listener.TlsDisable)
        {
            kestrel.Listen(endpoint);
            return;
        }

        // Loaded once at start, as Vault does (it reloads on SIGHUP, which DevVault does not handle).
        var certificate = X509Certificate2.CreateFromPemFile(listener.TlsCertFile, listener.TlsKeyFile);
        var protocols = MinimumAndNewer(listener.TlsMinVersion);
        kestrel.Listen(endpoint, options => options.UseHttps(https =>
        {
            https.ServerCertificate = certificate;
            https.SslProtocols = protocols;
        }));
    }

    /// <summary><c>host:port</c>, <c>[v6]:port</c>; an empty host or <c>localhost</c> means loopback.</summary>
    public static IPEndPoint Parse(string address)
    {
        var colon = address.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(address.AsSpan(colon + 1), out var port))
        {
            throw new ArgumentException($"a listen address must be host:port, got \"{address}\"", nameof(address));
        }

        var host = address[..colon].Trim('[', ']');
        var ip = host is "" or "localhost" ? IPAddress.Loopback : IPAddress.Parse(host);
        return new IPEndPoint(ip, port);
    }

    private static SslProtocols MinimumAndNewer(string minimum)
    {
        // Only a configuration that asks for TLS 1.0/1.1 gets them; the obsolete names are needed to honour it.
#pragma warning disable SYSLIB0039
        SslProtocols[] ordered = [SslProtocols.Tls, SslProtocols.Tls11, SslProtocols.Tls12, SslProtocols.Tls13];
#pragma warning restore SYSLIB0039
        var from = Array.IndexOf(["tls10", "tls11", "tls12", "tls13"], minimum);
        return ordered[Math.Max(from, 0)..].Aggregate(SslProtocols.None, (all, next) => all | next);
    }
}
