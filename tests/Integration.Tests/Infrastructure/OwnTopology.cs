namespace VaultDemo.Integration.Tests.Infrastructure;

/// <summary>A topology with default parameters for one test class that stops resources, so the shared one stays whole.</summary>
public sealed class OwnTopology : IAsyncLifetime
{
    private Topology? _topology;

    public Topology Topology => _topology ?? throw new InvalidOperationException("The topology has not started.");

    public async Task InitializeAsync() => _topology = await Topology.StartAsync();

    public async Task DisposeAsync()
    {
        if (_topology is not null)
        {
            await _topology.DisposeAsync();
        }
    }
}
