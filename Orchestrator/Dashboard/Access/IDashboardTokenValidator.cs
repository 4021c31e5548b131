namespace VaultDemo.Orchestrator.Dashboard.Access;

/// <summary>
/// Checks the login token the AppHost prints at start. The host that generates the token registers
/// the implementation; the dashboard only asks whether a presented token is the one.
/// </summary>
public interface IDashboardTokenValidator
{
    bool IsValid(string? presentedToken);
}
