namespace VaultDemo.Integration.Tests.AppHost;

/// <summary>
/// However the AppHost ends, nothing of its topology may outlive it: not the services, not Vault, not the
/// PostgreSQL and RabbitMQ containers. Ctrl+C stops everything in order; a SIGKILL (an IDE's stop button, the OOM
/// killer) gives the AppHost no chance to, and DCP, which watches it, cleans up instead.
/// </summary>
public sealed class AppHostShutdownTests
{
    private static readonly TimeSpan CleanupDeadline = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task CtrlCStopsEveryProcessAndContainer()
    {
        await using var host = await StartAsync();

        await host.InterruptAsync(TestTimeout.Token());

        await AssertNothingLeftAsync(host, "Ctrl+C");
    }

    [Fact]
    public async Task KillingTheAppHostWithSigkillLeavesNoProcessOrContainerBehind()
    {
        await using var host = await StartAsync();

        System.Diagnostics.Process.GetProcessById(host.AppHostPid()).Kill();

        await AssertNothingLeftAsync(host, "SIGKILL of the AppHost");
    }

    private static async Task<AppHostProcess> StartAsync()
    {
        var host = AppHostProcess.Start();
        try
        {
            await Eventually.UntilAsync(
                () => Task.FromResult(host.Output.Contains("All resources are up:", StringComparison.Ordinal)),
                "the AppHost to print 'All resources are up:'",
                TestTimeout.Startup);
            // What must be cleaned up is really there: the AppHost, DCP, Vault, three services' processes, two containers.
            Assert.True(host.LiveProcesses().Count >= 5, "processes of the run:\n" + string.Join('\n', host.LiveProcesses()));
            Assert.Equal(2, (await host.LiveContainersAsync(TestTimeout.Token())).Count);
            return host;
        }
        catch (Exception e) when (e is TimeoutException or Xunit.Sdk.XunitException)
        {
            await host.DisposeAsync();
            throw new InvalidOperationException($"{e.Message}\nAppHost output:\n{host.Output}", e);
        }
    }

    private static Task AssertNothingLeftAsync(AppHostProcess host, string how) =>
        Eventually.SatisfiedAsync<bool>(
            async cancellationToken =>
            {
                var left = host.LiveProcesses().Select(p => $"process {p}")
                    .Concat((await host.LiveContainersAsync(cancellationToken)).Select(c => $"container {c}"))
                    .ToList();
                return (left.Count == 0, left);
            },
            $"every process and container of the run to be gone after {how}",
            CleanupDeadline);
}
