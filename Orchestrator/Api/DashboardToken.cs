using System.Security.Cryptography;

namespace VaultDemo.Orchestrator.Api;

/// <summary>
/// The login token of this run's dashboard and API, printed once at start. Anyone on the machine can reach
/// loopback, so the token is what keeps other local users out. Checked by the dashboard's
/// <c>IDashboardTokenValidator</c>.
/// </summary>
public sealed class DashboardToken
{
    public DashboardToken(string? configured = null)
    {
        Value = string.IsNullOrEmpty(configured) ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) : configured;
    }

    public string Value { get; }
}
