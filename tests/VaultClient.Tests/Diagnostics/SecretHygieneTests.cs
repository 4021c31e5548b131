using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using VaultDemo.VaultClient.Auth;
using VaultDemo.VaultClient.Diagnostics;
using VaultDemo.VaultClient.Tests.Infrastructure;

namespace VaultDemo.VaultClient.Tests.Diagnostics;

/// <summary>Tokens, secret ids and secret values never appear in logs, spans or exception messages.</summary>
public sealed class SecretHygieneTests(DevVaultFixture vault) : IClassFixture<DevVaultFixture>
{
    [Fact]
    public async Task NoSecretReachesLogsSpansOrExceptions()
    {
        var role = await AppRoleSetup.CreateAsync(vault.Root);
        var wrapped = await vault.Root.Admin.CreateWrappedSecretIdAsync(role.RoleName, TimeSpan.FromMinutes(5));
        var secretValue = "sentinel-" + Guid.NewGuid().ToString("N");
        var secretIdFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(secretIdFile, wrapped.Token);
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var spans = new ConcurrentQueue<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == VaultTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => spans.Enqueue(a.DisplayName + " " + string.Join(";", a.TagObjects.Select(t => $"{t.Key}={t.Value}")) + " " + a.StatusDescription),
        };
        ActivitySource.AddActivityListener(listener);
        var messages = new List<string>();

        try
        {
            var options = new VaultClientOptions
            {
                Auth = new VaultAuthOptions { AppRole = new AppRoleAuthOptions { RoleName = role.RoleName, RoleId = role.RoleId, SecretIdFile = secretIdFile, SecretIdIsWrapped = true } },
            };
            using (var client = vault.Server.CreateClient(options, loggerFactory: loggerFactory))
            {
                await client.KeyValue.WriteAsync(role.SecretPath + "/db", new Dictionary<string, string> { ["password"] = secretValue });
                await client.KeyValue.ReadAsync(role.SecretPath + "/db");
                messages.Add((await Assert.ThrowsAsync<VaultApiException>(() => client.KeyValue.ReadAsync("outside/db"))).ToString());
                await client.Auth.RevokeSelfAsync();
                await client.KeyValue.ReadAsync(role.SecretPath + "/db");
                await client.Token.RevokeAsync();
            }

            using var second = vault.Server.CreateClient(options, loggerFactory: loggerFactory);
            messages.Add((await Assert.ThrowsAsync<VaultApiException>(() => second.Token.EnsureLoggedInAsync())).ToString());
        }
        finally
        {
            File.Delete(secretIdFile);
        }

        Assert.NotEmpty(logs.Entries);
        Assert.NotEmpty(spans);
        var everything = string.Join("\n", logs.Entries.Concat(spans).Concat(messages));
        Assert.DoesNotContain(wrapped.Token, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(secretValue, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("hvs.", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(vault.Server.RootToken, everything, StringComparison.Ordinal);
    }
}
