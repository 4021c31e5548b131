using DevVault.Core;
using DevVault.Mounts;

namespace DevVault.Tokens;

/// <summary>Vault's TTL rules for tokens: defaults, max TTL caps, periods and the warnings they produce.</summary>
public static class TokenLifetime
{
    /// <summary>The effective max TTL: the smallest of the auth method's max, the mount's max and the explicit max.</summary>
    public static TimeSpan MaxTtl(MountEntry mount, TimeSpan methodMaxTtl, TimeSpan explicitMaxTtl)
    {
        var max = mount.EffectiveMaxTtl;
        if (methodMaxTtl > TimeSpan.Zero && methodMaxTtl < max)
        {
            max = methodMaxTtl;
        }

        if (explicitMaxTtl > TimeSpan.Zero && explicitMaxTtl < max)
        {
            max = explicitMaxTtl;
        }

        return max;
    }

    /// <summary>The TTL to grant at creation, capped by <paramref name="maxTtl"/>, with Vault's warning when capped.</summary>
    public static TimeSpan InitialTtl(MountEntry mount, TimeSpan requestedTtl, TimeSpan period, TimeSpan explicitMaxTtl, TimeSpan maxTtl, List<string> warnings)
    {
        if (period > TimeSpan.Zero)
        {
            return explicitMaxTtl > TimeSpan.Zero && explicitMaxTtl < period ? explicitMaxTtl : period;
        }

        var ttl = requestedTtl > TimeSpan.Zero ? requestedTtl : mount.EffectiveDefaultTtl;
        if (ttl > maxTtl)
        {
            if (requestedTtl > TimeSpan.Zero)
            {
                warnings.Add(CappedWarning(ttl, maxTtl));
            }

            ttl = maxTtl;
        }

        return ttl;
    }

    /// <summary>
    /// The TTL a renewal grants: the increment (or the original TTL / period) from now, never past
    /// creation + max TTL unless periodic.
    /// </summary>
    public static TimeSpan RenewalTtl(TokenEntry entry, TimeSpan increment, DateTimeOffset now, List<string> warnings)
    {
        if (entry.Period > TimeSpan.Zero)
        {
            var periodTtl = entry.Period;
            if (entry.ExplicitMaxTtl > TimeSpan.Zero)
            {
                var left = entry.CreationTime + entry.ExplicitMaxTtl - now;
                if (left < periodTtl)
                {
                    periodTtl = left < TimeSpan.Zero ? TimeSpan.Zero : left;
                }
            }

            return periodTtl;
        }

        var ttl = increment > TimeSpan.Zero ? increment : entry.CreationTtl;
        var remainingToMax = entry.CreationTime + entry.MaxTtl - now;
        if (entry.MaxTtl > TimeSpan.Zero && ttl > remainingToMax)
        {
            warnings.Add(CappedWarning(ttl, entry.MaxTtl));
            ttl = remainingToMax < TimeSpan.Zero ? TimeSpan.Zero : remainingToMax;
        }

        return ttl;
    }

    public static string CappedWarning(TimeSpan requested, TimeSpan max) =>
        $"TTL of \"{Durations.ToGoString(requested)}\" exceeded the effective max_ttl of \"{Durations.ToGoString(max)}\"; TTL value is capped accordingly";
}
