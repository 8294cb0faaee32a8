using System.Globalization;

namespace AutoDmGuard.Core;

/// <summary>Evidence from the sender's profile: follows many accounts, a bio that sells, a new account.</summary>
internal static class ProfileEvidence
{
    private static readonly TimeSpan NewAccountAge = TimeSpan.FromDays(90);

    /// <summary>Adds the profile evidence of one sender to each of their DMs.</summary>
    public static void Add(IEnumerable<DmFacts> dms, SenderProfile? profile)
    {
        var promotionalBio = ProfileRules.IsPromotionalBio(profile?.Description);
        foreach (var f in dms)
        {
            Add(f, profile, promotionalBio);
        }
    }

    private static void Add(DmFacts facts, SenderProfile? profile, bool promotionalBio)
    {
        if (profile is null)
        {
            return;
        }

        if (profile.FollowingCount is { } following && following >= 2000
            && following >= 0.8 * Math.Max(1, profile.FollowersCount ?? 0))
        {
            facts.AddContext(
                "follows-many-accounts",
                string.Create(CultureInfo.InvariantCulture, $"follows {following:N0} accounts, about as many as or more than follow them back"));
        }

        if (promotionalBio)
        {
            facts.AddContext("promotional-bio", "their bio sells something (growth, coaching, DM for ...)");
        }

        if (profile.CreatedAtUtc is { } created && facts.Message.CreatedAtUtc - created < NewAccountAge)
        {
            facts.AddContext("new-account", "the account is less than 90 days old");
        }
    }
}
