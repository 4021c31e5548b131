using System.Security.Cryptography;
using System.Text;

namespace VaultDemo.Orchestrator.Dashboard.Access;

/// <summary>Accepts exactly one token, compared in constant time so response timing reveals nothing of it.</summary>
public sealed class FixedTokenValidator : IDashboardTokenValidator
{
    private readonly byte[] _expected;

    public FixedTokenValidator(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        _expected = Encoding.UTF8.GetBytes(token);
    }

    public bool IsValid(string? presentedToken) =>
        presentedToken is not null
        && CryptographicOperations.FixedTimeEquals(_expected, Encoding.UTF8.GetBytes(presentedToken));
}
