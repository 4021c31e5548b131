using System.Text.RegularExpressions;

namespace VaultDemo.Orchestrator.Dashboard.Resources;

/// <summary>
/// Second line of defence behind <see cref="EnvironmentVariable.IsSecret"/>: a variable whose name
/// says it is a credential, or a connection string's password, is masked even if the app model did not flag it.
/// </summary>
internal static partial class SecretMasking
{
    public const string Mask = "••••••••";

    public static string Display(EnvironmentVariable variable)
    {
        if (variable.IsSecret || SecretName().IsMatch(variable.Name))
        {
            return Mask;
        }

        return ConnectionStringPassword().Replace(variable.Value, m => m.Groups["key"].Value + "=" + Mask);
    }

    [GeneratedRegex("(PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL|PRIVATE_?KEY|API_?KEY)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"(?<key>password|pwd)\s*=\s*[^;]*", RegexOptions.IgnoreCase)]
    private static partial Regex ConnectionStringPassword();
}
