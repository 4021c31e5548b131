namespace VaultDemo.Integration.Tests.Infrastructure;

/// <summary>
/// One topology with default parameters and the Aspire dashboard, shared by the tests that only look (or add data of
/// their own under unique paths): starting it takes about a minute on this machine (containers and five processes),
/// so starting it once per suite keeps the suite short.
/// Tests that stop resources, revoke credentials or need other parameters start a topology of their own.
/// </summary>
public sealed class SharedTopology : IAsyncLifetime
{
    private Topology? _topology;

    public Topology Topology => _topology ?? throw new InvalidOperationException("The shared topology has not started.");

    public async Task InitializeAsync() => _topology = await Topology.StartAsync(withDashboard: true);

    public async Task DisposeAsync()
    {
        if (_topology is not null)
        {
            await _topology.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SharedTopologyCollection : ICollectionFixture<SharedTopology>
{
    public const string Name = "Shared topology";
}
