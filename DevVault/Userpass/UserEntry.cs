using DevVault.Tokens;

namespace DevVault.Userpass;

/// <summary>A stored userpass user: the password only as a salted hash, and the token parameters for its logins.</summary>
public sealed class UserEntry
{
    public PasswordHash? Password { get; set; }

    public TokenParams Token { get; set; } = new();
}
