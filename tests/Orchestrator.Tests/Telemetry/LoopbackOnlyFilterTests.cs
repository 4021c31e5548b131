using System.Net;
using Microsoft.AspNetCore.Http;
using VaultDemo.Orchestrator.Telemetry;

namespace VaultDemo.Orchestrator.Tests.Telemetry;

/// <summary>
/// Every listener here binds to loopback, so a remote client cannot be produced over a socket;
/// the filter is exercised with the connection address Kestrel would report.
/// </summary>
public sealed class LoopbackOnlyFilterTests
{
    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("192.168.0.20")]
    [InlineData("2001:db8::1")]
    public async Task OtlpFromANonLoopbackClientIsRefused(string remoteAddress)
    {
        var (result, reachedReceiver) = await InvokeAsync(IPAddress.Parse(remoteAddress));

        Assert.False(reachedReceiver);
        var status = Assert.IsAssignableFrom<IStatusCodeHttpResult>(result);
        Assert.Equal(StatusCodes.Status403Forbidden, status.StatusCode);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task OtlpFromLoopbackReachesTheReceiver(string remoteAddress)
    {
        var (_, reachedReceiver) = await InvokeAsync(IPAddress.Parse(remoteAddress));

        Assert.True(reachedReceiver);
    }

    private static async Task<(object? Result, bool ReachedReceiver)> InvokeAsync(IPAddress remote)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = remote;
        var reached = false;
        var result = await new LoopbackOnlyFilter().InvokeAsync(
            new DefaultEndpointFilterInvocationContext(context),
            _ =>
            {
                reached = true;
                return ValueTask.FromResult<object?>(Results.Ok());
            });
        return (result, reached);
    }
}
