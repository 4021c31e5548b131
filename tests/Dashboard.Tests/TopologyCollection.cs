namespace VaultDemo.Dashboard.Tests;

/// <summary>
/// The tests that share one whole topology. It runs alone: the machine is small, and the other fixture's
/// AppHost would compete with it for the cores the services need.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TopologyCollection : ICollectionFixture<TopologyFixture>
{
    public const string Name = "topology";
}
