using System.Text.Json.Nodes;

namespace DevVault.Core;

/// <summary>A leased secret returned by a backend (database credentials). The expiration manager registers it.</summary>
public sealed class SecretInfo
{
    /// <summary>Assigned by the expiration manager: <c>&lt;request path&gt;/&lt;random id&gt;</c>.</summary>
    public string LeaseId { get; set; } = "";

    public TimeSpan Ttl { get; set; }

    public TimeSpan MaxTtl { get; set; }

    public bool Renewable { get; set; } = true;

    /// <summary>What the backend needs to renew or revoke the secret later (e.g. the username); never sent to clients.</summary>
    public JsonObject InternalData { get; set; } = new();
}
