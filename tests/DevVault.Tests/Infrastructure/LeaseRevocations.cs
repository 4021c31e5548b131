using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace DevVault.Tests.Infrastructure;

/// <summary>Drives a lease's revocations on a fake clock, for tests of retries and irrevocable leases.</summary>
public static class LeaseRevocations
{
    public static async Task<JsonObject> LookupAsync(VaultHttp vault, string leaseId) =>
        (await vault.PostAsync("sys/leases/lookup", new { lease_id = leaseId })).Expect(200).Data!.AsObject();

    /// <summary>
    /// With <paramref name="engine"/> refusing, lets the lease (30 s TTL) expire and every retry come due in turn
    /// (backoff 2, 4, 8, 16, 32 s) until the expiration manager gives up and marks it irrevocable.
    /// </summary>
    public static async Task FailUntilIrrevocableAsync(VaultHttp vault, FakeTimeProvider clock, RecordingLeaseBackend engine, string leaseId)
    {
        engine.FailRevocations = true;
        clock.Advance(TimeSpan.FromSeconds(31));
        for (var attempt = 1; attempt <= 6; attempt++)
        {
            await Poll.UntilAsync(
                async () => (await LookupAsync(vault, leaseId))["revocation_attempts"]?.GetValue<int>() == attempt,
                $"revocation attempt {attempt} to fail");
            clock.Advance(TimeSpan.FromSeconds(1 << attempt));
        }

        await Poll.UntilAsync(async () => (await LookupAsync(vault, leaseId))["irrevocable"] is not null, "the lease to be marked irrevocable");
    }

    /// <summary>
    /// Lets an hour pass and waits for a fresh lease to expire and be revoked: timers fire in due order as the clock
    /// advances, so any retry still armed for <paramref name="leaseId"/> would have run by then.
    /// </summary>
    public static async Task AssertNotRetriedAsync(VaultHttp vault, FakeTimeProvider clock, RecordingLeaseBackend engine, string leaseId)
    {
        engine.FailRevocations = false;
        var later = (await vault.GetAsync("leasing/creds/later?ttl=60")).Expect(200).Json!["lease_id"]!.GetValue<string>();
        clock.Advance(TimeSpan.FromHours(1));
        await Poll.UntilAsync(() => Task.FromResult(engine.Revoked.Contains(later)), "the later lease to be revoked");
        Assert.DoesNotContain(leaseId, engine.Revoked);
    }
}
