namespace VaultDemo.VaultClient.Sys;

/// <summary>The body of <c>sys/health</c> (not an envelope).</summary>
public sealed class VaultHealth
{
    public bool Initialized { get; init; }

    public bool Sealed { get; init; }

    public bool Standby { get; init; }

    public string? Version { get; init; }

    public string? ClusterName { get; init; }

    public long ServerTimeUtc { get; init; }

    /// <summary>Initialized, unsealed and active: able to serve requests.</summary>
    public bool IsActive => Initialized && !Sealed && !Standby;
}
