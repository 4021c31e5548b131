using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using DevVault.Cli;
using DevVault.Hosting;

namespace VaultDemo.Bench.Transit;

/// <summary>
/// What does encryption as a service cost next to encrypting in-process? Candidate: transit encrypt requests to an
/// in-process DevVault over loopback HTTP (4 concurrent callers). Baseline: .NET's AesGcm on the same 1 KiB payload,
/// including the base64 both sides of the wire need. The ratio is dominated by HTTP; the target guards against the
/// engine itself (key parsing, storage reads, locks) adding to it.
/// </summary>
public sealed class TransitEncryptBenchmark : IBenchmark
{
    private const int Requests = 4_000;
    private const int Concurrency = 4;
    private const int PayloadBytes = 1024;

    public string Name => "transit";

    public string Description => "DevVault transit encrypt throughput over loopback HTTP vs .NET AesGcm in-process (target >= 0.05x)";

    public async Task RunAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        await using var server = await DevVaultServer.StartAsync(new DevServerOptions { ListenAddress = "127.0.0.1:0" }, cancellationToken);
        using var http = new HttpClient { BaseAddress = server.Address };
        http.DefaultRequestHeaders.Add("X-Vault-Token", server.RootToken);
        (await http.PostAsJsonAsync("/v1/sys/mounts/transit", new { type = "transit" }, cancellationToken)).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync("/v1/transit/keys/bench", new { type = "aes256-gcm96" }, cancellationToken)).EnsureSuccessStatusCode();

        var payload = Convert.ToBase64String(RandomNumberGenerator.GetBytes(PayloadBytes));
        var body = new { plaintext = payload };
        for (var i = 0; i < 200; i++)
        {
            (await http.PostAsJsonAsync("/v1/transit/encrypt/bench", body, cancellationToken)).EnsureSuccessStatusCode();
        }

        var remaining = Requests;
        var elapsed = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                using var response = await http.PostAsJsonAsync("/v1/transit/encrypt/bench", body, cancellationToken);
                response.EnsureSuccessStatusCode();
            }
        }));
        var devVaultPerSecond = Requests / elapsed.Elapsed.TotalSeconds;

        var aesPerSecond = AesGcmPerSecond(payload);
        report.Info($"{Requests} encrypt requests of {PayloadBytes} bytes, {Concurrency} concurrent callers; AesGcm on the same payload");
        report.Ratio("transit encrypt throughput", devVaultPerSecond, aesPerSecond, "ops/s", target: 0.05, higherIsBetter: true);
    }

    /// <summary>Single-threaded AesGcm with a fresh nonce per call and base64 in and out, as the engine does.</summary>
    private static double AesGcmPerSecond(string payloadBase64)
    {
        using var aes = new AesGcm(RandomNumberGenerator.GetBytes(32), 16);
        var iterations = Requests * 25;
        var elapsed = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            var plaintext = Convert.FromBase64String(payloadBase64);
            var output = new byte[12 + plaintext.Length + 16];
            RandomNumberGenerator.Fill(output.AsSpan(0, 12));
            aes.Encrypt(output.AsSpan(0, 12), plaintext, output.AsSpan(12, plaintext.Length), output.AsSpan(12 + plaintext.Length), default);
            _ = "vault:v1:" + Convert.ToBase64String(output);
        }

        return iterations / elapsed.Elapsed.TotalSeconds;
    }
}
