namespace VaultDemo.Orchestrator.ApplicationModel;

/// <summary>A resource's new snapshot, published on every change.</summary>
public sealed record ResourceEvent(IResource Resource, ResourceSnapshot Snapshot);
