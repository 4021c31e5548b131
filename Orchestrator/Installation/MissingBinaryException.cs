namespace VaultDemo.Orchestrator.Installation;

/// <summary>A program a resource needs is not installed and could not be installed from here.</summary>
public sealed class MissingBinaryException(string message) : Exception(message);
