using VaultDemo.Orchestrator.ApplicationModel;
using VaultDemo.Orchestrator.Processes;

namespace VaultDemo.Orchestrator.Orchestration;

/// <summary>
/// Masks the values of secret parameters in captured output before it is kept, shown or echoed. A dev-mode
/// Vault prints its root token at start, and no program's console should be able to leak a password the
/// AppHost generated.
/// </summary>
internal sealed class SecretRedactor(IEnumerable<ParameterResource> secrets)
{
    private readonly IReadOnlyList<ParameterResource> _secrets = [.. secrets];

    public ConsoleLogLine Redact(ConsoleLogLine line)
    {
        var text = line.Text;
        foreach (var secret in _secrets)
        {
            // Escaped too: a password appears URL-encoded inside an AMQP connection string.
            foreach (var value in new[] { secret.Value, Uri.EscapeDataString(secret.Value) }.Distinct())
            {
                if (value.Length > 0 && text.Contains(value, StringComparison.Ordinal))
                {
                    text = text.Replace(value, EnvironmentVariableSnapshot.Mask, StringComparison.Ordinal);
                }
            }
        }

        return ReferenceEquals(text, line.Text) ? line : line with { Text = text };
    }
}
